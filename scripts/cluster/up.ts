/**
 * npm run cluster:up — a real local Kubernetes control plane for development and tests:
 * etcd, kube-apiserver, kube-controller-manager and the node simulator, detached, with pid files
 * and logs in .cluster/. Writes .cluster/kubeconfig (admin). Idempotent: when the cluster is
 * already up it says so and exits 0; a missing controller-manager or simulator is restarted.
 */
import { spawnSync } from 'node:child_process'
import crypto from 'node:crypto'
import fs from 'node:fs'
import http from 'node:http'
import https from 'node:https'
import net from 'node:net'
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import { ensureBuilt } from './build'
import { withLock } from './lock'
import { binDir, ports, repoRoot, serviceClusterIpRange, state } from './paths'
import {
  apiGet,
  type Component,
  isApiReady,
  logTail,
  residentMb,
  runningPid,
  sleep,
  startDetached,
  stopComponent,
  components,
} from './processes'

/** Jobs' ttlSecondsAfterFinished (beta and on by default from 1.21). */
const featureGates = '--feature-gates=TTLAfterFinished=true'
const apiServerUrl = `https://127.0.0.1:${ports.apiServer}`
const adminTokenFile = path.join(state.dir, 'admin.token')
const simulatorScript = path.join(repoRoot, 'scripts', 'cluster', 'node-simulator.ts')

function log(message: string): void {
  console.log(`[cluster:up] ${message}`)
}

function openssl(args: string[]): void {
  const result = spawnSync('openssl', args, { cwd: state.pki, encoding: 'utf8' })
  if (result.status !== 0) throw new Error(`openssl ${args.join(' ')} failed: ${result.stderr}`)
}

/** A CA, the API server's serving certificate and the service-account signing key pair. */
function writePki(): void {
  fs.mkdirSync(state.pki, { recursive: true })
  openssl(['genrsa', '-out', 'ca.key', '2048'])
  openssl(['req', '-x509', '-new', '-nodes', '-key', 'ca.key', '-subj', '/CN=tenancy-local-ca', '-days', '3650', '-out', 'ca.crt'])
  const names = [
    'DNS:localhost',
    'DNS:kubernetes',
    'DNS:kubernetes.default',
    'DNS:kubernetes.default.svc',
    'DNS:kubernetes.default.svc.cluster.local',
    'IP:127.0.0.1',
    'IP:10.96.0.1',
  ]
  fs.writeFileSync(
    path.join(state.pki, 'apiserver.ext'),
    `basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,keyEncipherment\n` +
      `extendedKeyUsage=serverAuth\nsubjectAltName=${names.join(',')}\n`,
  )
  openssl(['genrsa', '-out', 'apiserver.key', '2048'])
  openssl(['req', '-new', '-key', 'apiserver.key', '-subj', '/CN=kube-apiserver', '-out', 'apiserver.csr'])
  openssl([
    'x509',
    '-req',
    '-in',
    'apiserver.csr',
    '-CA',
    'ca.crt',
    '-CAkey',
    'ca.key',
    '-CAcreateserial',
    '-days',
    '3650',
    '-extfile',
    'apiserver.ext',
    '-out',
    'apiserver.crt',
  ])
  openssl(['genrsa', '-out', 'sa.key', '2048'])
  openssl(['rsa', '-in', 'sa.key', '-pubout', '-out', 'sa.pub'])
}

function kubeconfig(user: string, token: string): string {
  const ca = fs.readFileSync(path.join(state.pki, 'ca.crt')).toString('base64')
  return `apiVersion: v1
kind: Config
clusters:
- name: tenancy-local
  cluster:
    server: ${apiServerUrl}
    certificate-authority-data: ${ca}
users:
- name: ${user}
  user:
    token: ${token}
contexts:
- name: tenancy-local
  context:
    cluster: tenancy-local
    user: ${user}
current-context: tenancy-local
`
}

/** Static tokens: the admin (system:masters) and the controller-manager's own identity. */
function writeCredentials(): void {
  const admin = crypto.randomBytes(24).toString('hex')
  const controllerManager = crypto.randomBytes(24).toString('hex')
  fs.writeFileSync(
    state.tokens,
    `${admin},tenancy-admin,tenancy-admin,"system:masters"\n` +
      `${controllerManager},system:kube-controller-manager,system:kube-controller-manager\n`,
    { mode: 0o600 },
  )
  fs.writeFileSync(adminTokenFile, admin, { mode: 0o600 })
  fs.writeFileSync(state.kubeconfig, kubeconfig('tenancy-admin', admin), { mode: 0o600 })
  fs.writeFileSync(state.controllerManagerKubeconfig, kubeconfig('system:kube-controller-manager', controllerManager), { mode: 0o600 })
}

function etcdHealthy(): Promise<boolean> {
  return new Promise((resolve) => {
    const request = http.get({ host: '127.0.0.1', port: ports.etcdClient, path: '/health', timeout: 2000 }, (response) => {
      let body = ''
      response.on('data', (chunk: Buffer) => (body += chunk.toString()))
      response.on('end', () => resolve(response.statusCode === 200 && body.includes('true')))
    })
    request.on('timeout', () => request.destroy())
    request.on('error', () => resolve(false))
  })
}

async function waitFor(what: string, component: Component, check: () => Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline) {
    if (await check()) return
    if (runningPid(component) === null)
      throw new Error(`${component} exited while waiting for ${what}; last lines of .cluster/logs/${component}.log:\n${logTail(component)}`)
    await sleep(250)
  }
  throw new Error(
    `timed out after ${timeoutMs / 1000} s waiting for ${what}; last lines of .cluster/logs/${component}.log:\n${logTail(component)}`,
  )
}

function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = net.createServer()
    server.once('error', () => resolve(false))
    server.listen(port, '127.0.0.1', () => server.close(() => resolve(true)))
  })
}

async function checkPorts(): Promise<void> {
  for (const [name, port] of Object.entries(ports)) {
    if (!(await isPortFree(port))) {
      throw new Error(
        `port ${port} (${name}) on 127.0.0.1 is taken, probably by a cluster from another checkout: ` +
          'stop it there (npm run cluster:down) or set TENANCY_CLUSTER_PORT_OFFSET (e.g. 100)',
      )
    }
  }
}

async function adminGet(urlPath: string): Promise<{ status: number; body: string }> {
  return apiGet(urlPath, fs.readFileSync(adminTokenFile, 'utf8').trim())
}

function startEtcd(): void {
  startDetached('etcd', 'etcd', [
    '--name=tenancy',
    `--data-dir=${state.etcdData}`,
    `--listen-client-urls=http://127.0.0.1:${ports.etcdClient}`,
    `--advertise-client-urls=http://127.0.0.1:${ports.etcdClient}`,
    `--listen-peer-urls=http://127.0.0.1:${ports.etcdPeer}`,
    `--initial-advertise-peer-urls=http://127.0.0.1:${ports.etcdPeer}`,
    `--initial-cluster=tenancy=http://127.0.0.1:${ports.etcdPeer}`,
    '--initial-cluster-state=new',
    '--logger=zap',
    '--log-level=warn',
    '--quota-backend-bytes=2147483648',
  ])
}

function startApiServer(): void {
  const pki = (file: string) => path.join(state.pki, file)
  startDetached('kube-apiserver', path.join(binDir(), 'kube-apiserver'), [
    '--bind-address=127.0.0.1',
    '--advertise-address=127.0.0.1',
    `--secure-port=${ports.apiServer}`,
    '--insecure-port=0',
    `--etcd-servers=http://127.0.0.1:${ports.etcdClient}`,
    `--cert-dir=${state.pki}`,
    `--tls-cert-file=${pki('apiserver.crt')}`,
    `--tls-private-key-file=${pki('apiserver.key')}`,
    `--client-ca-file=${pki('ca.crt')}`,
    `--token-auth-file=${state.tokens}`,
    '--authorization-mode=Node,RBAC',
    '--service-account-issuer=https://kubernetes.default.svc.cluster.local',
    `--service-account-signing-key-file=${pki('sa.key')}`,
    `--service-account-key-file=${pki('sa.pub')}`,
    `--service-cluster-ip-range=${serviceClusterIpRange}`,
    '--enable-admission-plugins=NamespaceLifecycle,LimitRanger,ServiceAccount,DefaultStorageClass,DefaultTolerationSeconds,' +
      'StorageObjectInUseProtection,PersistentVolumeClaimResize,Priority,MutatingAdmissionWebhook,ValidatingAdmissionWebhook,ResourceQuota',
    // The API server's own Endpoints would be 127.0.0.1, which validation refuses; nothing in the
    // cluster dials the API server through the kubernetes Service here.
    '--endpoint-reconciler-type=none',
    // Consumers of extension-apiserver-authentication (the controller-manager) expect a request-header CA.
    `--requestheader-client-ca-file=${pki('ca.crt')}`,
    '--requestheader-allowed-names=front-proxy-client',
    '--requestheader-username-headers=X-Remote-User',
    '--requestheader-group-headers=X-Remote-Group',
    '--requestheader-extra-headers-prefix=X-Remote-Extra-',
    featureGates,
    '--allow-privileged=true',
    '--profiling=false',
    '--event-ttl=1h',
    '--v=1',
  ])
}

function startControllerManager(): void {
  const pki = (file: string) => path.join(state.pki, file)
  startDetached('kube-controller-manager', path.join(binDir(), 'kube-controller-manager'), [
    `--kubeconfig=${state.controllerManagerKubeconfig}`,
    `--authentication-kubeconfig=${state.controllerManagerKubeconfig}`,
    `--authorization-kubeconfig=${state.controllerManagerKubeconfig}`,
    '--bind-address=127.0.0.1',
    `--secure-port=${ports.controllerManager}`,
    '--port=0',
    `--cert-dir=${path.join(state.pki, 'controller-manager')}`,
    '--leader-elect=false',
    '--use-service-account-credentials=true',
    `--service-account-private-key-file=${pki('sa.key')}`,
    `--root-ca-file=${pki('ca.crt')}`,
    `--cluster-signing-cert-file=${pki('ca.crt')}`,
    `--cluster-signing-key-file=${pki('ca.key')}`,
    `--service-cluster-ip-range=${serviceClusterIpRange}`,
    // Everything but what needs a kubelet, a cloud or a CNI: no node heartbeats here, so the
    // node-lifecycle controller would taint the simulated node and evict every pod.
    '--controllers=*,-nodelifecycle,-attachdetach,-nodeipam,-cloud-node-lifecycle,-route,-service',
    featureGates,
    '--v=1',
  ])
}

function startSimulator(): void {
  // A small young generation: the simulator's heap is ~50 MB, V8's default semi-spaces add ~50 MB of RSS.
  startDetached('node-simulator', process.execPath, ['--max-semi-space-size=2', '--import', 'tsx', simulatorScript, state.kubeconfig], {
    cwd: repoRoot,
  })
}

/** Until the tokens controller has given `default/default` its token Secret (pods need it to be admitted). */
async function serviceAccountTokensReady(): Promise<boolean> {
  const response = await adminGet('/api/v1/namespaces/default/serviceaccounts/default')
  if (response.status !== 200) return false
  const account = JSON.parse(response.body) as { secrets?: unknown[] }
  return (account.secrets ?? []).length > 0
}

/** The controller-manager's /healthz (its own self-signed serving certificate; the path needs no credentials). */
function controllerManagerHealthy(): Promise<boolean> {
  return new Promise((resolve) => {
    const request = https.get(
      { host: '127.0.0.1', port: ports.controllerManager, path: '/healthz', rejectUnauthorized: false, timeout: 2000 },
      (response) => {
        response.resume()
        resolve(response.statusCode === 200)
      },
    )
    request.on('timeout', () => request.destroy())
    request.on('error', () => resolve(false))
  })
}

/** Until sim-node is Ready with a heartbeat newer than `since` (the simulator posts one once its watches run). */
async function nodeReady(since: number): Promise<boolean> {
  const response = await adminGet('/api/v1/nodes/sim-node')
  if (response.status !== 200) return false
  const node = JSON.parse(response.body) as { status?: { conditions?: { type: string; status: string; lastHeartbeatTime?: string }[] } }
  const ready = (node.status?.conditions ?? []).find((c) => c.type === 'Ready')
  // heartbeat times have whole seconds
  return ready?.status === 'True' && Date.parse(ready.lastHeartbeatTime ?? '') >= Math.floor(since / 1000) * 1000
}

async function isUp(): Promise<boolean> {
  return components.every((name) => runningPid(name) !== null) && (await isApiReady())
}

export function memoryReport(): string {
  const parts = components.map((name) => ({ name, mb: residentMb(name) })).filter((p) => p.mb !== null)
  const total = parts.reduce((sum, p) => sum + (p.mb ?? 0), 0)
  return `${total} MB resident (${parts.map((p) => `${p.name} ${p.mb}`).join(', ')})`
}

async function stopAll(): Promise<void> {
  for (const name of [...components].reverse()) await stopComponent(name)
}

/** Brings the cluster up; resolves to true when this call started it, false when it was already up. */
export async function clusterUp(options: { whileLocked?: (started: boolean) => void } = {}): Promise<boolean> {
  await ensureBuilt()
  fs.mkdirSync(state.dir, { recursive: true })
  return withLock(
    state.upLock,
    async () => {
      if (await isUp()) {
        log(`already up: ${apiServerUrl}, KUBECONFIG=${path.relative(process.cwd(), state.kubeconfig) || state.kubeconfig}`)
        options.whileLocked?.(false)
        return false
      }
      const started = Date.now()
      const controlPlaneUp =
        runningPid('etcd') !== null && runningPid('kube-apiserver') !== null && fs.existsSync(adminTokenFile) && (await isApiReady())
      try {
        if (controlPlaneUp) {
          log('etcd and kube-apiserver are up; restarting what is missing')
        } else {
          await stopAll()
          await checkPorts()
          for (const entry of ['pki', 'etcd', 'run', 'kubeconfig', 'controller-manager.kubeconfig', 'tokens.csv', 'admin.token'])
            fs.rmSync(path.join(state.dir, entry), { recursive: true, force: true })
          writePki()
          writeCredentials()
          log(`starting etcd on 127.0.0.1:${ports.etcdClient}`)
          startEtcd()
          await waitFor('etcd /health', 'etcd', etcdHealthy)
          log(`starting kube-apiserver on ${apiServerUrl}`)
          startApiServer()
          await waitFor('kube-apiserver /readyz', 'kube-apiserver', isApiReady)
          log(`kube-apiserver ready after ${((Date.now() - started) / 1000).toFixed(1)} s`)
        }
        if (runningPid('kube-controller-manager') === null) {
          log('starting kube-controller-manager')
          startControllerManager()
        }
        let simulatorSince = 0
        if (runningPid('node-simulator') === null) {
          log('starting the node simulator')
          simulatorSince = Date.now()
          startSimulator()
        }
        await waitFor('kube-controller-manager /healthz', 'kube-controller-manager', controllerManagerHealthy)
        await waitFor('the default ServiceAccount token (controller-manager)', 'kube-controller-manager', serviceAccountTokensReady)
        await waitFor('node sim-node Ready (node simulator)', 'node-simulator', () => nodeReady(simulatorSince))
      } catch (error) {
        if (!controlPlaneUp) await stopAll()
        throw error
      }
      log(`up in ${((Date.now() - started) / 1000).toFixed(1)} s: ${apiServerUrl}; ${memoryReport()}`)
      log(`kubectl: KUBECONFIG=${state.kubeconfig}; logs in ${state.logs}; stop with npm run cluster:down`)
      options.whileLocked?.(true)
      return true
    },
    (pid) => log(`another cluster:up (pid ${pid || '?'}) is running; waiting for it`),
  )
}

if (import.meta.url === pathToFileURL(path.resolve(process.argv[1] ?? '')).href) {
  clusterUp().then(
    () => {
      fs.rmSync(state.startedByTests, { force: true }) // brought up by hand: no test run takes it down
      process.exit(0)
    },
    (error: unknown) => {
      console.error(`[cluster:up] failed: ${error instanceof Error ? error.message : String(error)}`)
      process.exit(1)
    },
  )
}
