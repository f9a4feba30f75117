/**
 * The node simulator: plays the scheduler, the kubelet and a storage provisioner for the local
 * cluster (which has none), the way KWOK does. `npm run cluster:up` runs it in the background;
 * tests may also import startNodeSimulator() (against another cluster: two simulators on one
 * cluster would fight over the same pods).
 *
 * - Registers the Node `sim-node` (Ready; 64 cpu, 256Gi memory, 500 pods).
 * - Watches pods: binds unscheduled ones to sim-node (Binding subresource) once their claims are
 *   Bound and their nodeSelector matches; patches their status to Running and Ready (Job pods:
 *   Succeeded); force-deletes pods being deleted (no kubelet finishes the deletion otherwise, and
 *   namespace deletion and scale-down depend on it).
 * - Watches claims: provisions a PersistentVolume pre-bound to each Pending claim (the default
 *   StorageClass `simulated` is created here); the controller-manager's binder binds them. PVs are
 *   labelled tenancy.dev/simulated=true and deleted once their claim is gone (Released).
 * - Fault injection: ConfigMap kube-system/node-simulator, key `failing` (and keys `failing.<owner>`),
 *   one `<namespace>/<pod-name-prefix>` a line: matching pods stay Running but not Ready
 *   (CrashLoopBackOff) until the line is removed.
 */
import path from 'node:path'
import { pathToFileURL } from 'node:url'
import {
  ApiException,
  CoreV1Api,
  KubeConfig,
  ListWatch,
  PatchStrategy,
  setHeaderOptions,
  StorageV1Api,
  Watch,
  type KubernetesObject,
  type V1ConfigMap,
  type V1PersistentVolume,
  type V1PersistentVolumeClaim,
  type V1Pod,
} from '@kubernetes/client-node'
import { state } from './paths'

export const SIMULATED_LABEL = 'tenancy.dev/simulated'
export const SIMULATED_STORAGE_CLASS = 'simulated'
export const FAULTS_CONFIGMAP = { namespace: 'kube-system', name: 'node-simulator', key: 'failing' } as const
const provisioner = 'tenancy.dev/simulated'
const csiDriver = 'simulated.tenancy.dev'

export interface NodeSimulatorOptions {
  /** A path to a kubeconfig file or a loaded KubeConfig; the default is the cluster's admin kubeconfig. */
  kubeconfig?: string | KubeConfig
  nodeName?: string
  log?: (message: string) => void
}

export interface NodeSimulator {
  readonly nodeName: string
  stop(): Promise<void>
}

/** Parses the `failing` key: one `<namespace>/<pod-name-prefix>` a line; blank lines and #comments ignored. */
export function parseFailingPatterns(text: string | undefined): string[] {
  return (text ?? '')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line !== '' && !line.startsWith('#'))
}

/**
 * Every pattern of the fault ConfigMap: the key `failing` (by hand) and any key `failing.<owner>`
 * (setFailingPods() writes one per test process, so concurrent test files do not clear each other's).
 */
export function failingPatterns(data: Record<string, string>): string[] {
  const keys = Object.keys(data).filter((key) => key === FAULTS_CONFIGMAP.key || key.startsWith(`${FAULTS_CONFIGMAP.key}.`))
  return [...new Set(keys.sort().flatMap((key) => parseFailingPatterns(data[key])))]
}

export function isFailing(patterns: readonly string[], namespace: string, name: string): boolean {
  const key = `${namespace}/${name}`
  return patterns.some((pattern) => key.startsWith(pattern))
}

function statusCode(error: unknown): number | undefined {
  if (error instanceof ApiException) return error.code
  const code = (error as { code?: unknown; statusCode?: unknown } | null)?.statusCode ?? (error as { code?: unknown } | null)?.code
  return typeof code === 'number' ? code : undefined
}

function describe(error: unknown): string {
  if (error instanceof ApiException) {
    const body = error.body as { message?: string } | string | undefined
    return `HTTP ${error.code}: ${typeof body === 'string' ? body : (body?.message ?? '')}`
  }
  return error instanceof Error ? error.message : String(error)
}

/** Runs one reconcile per key at a time; a key added while it runs is run again afterwards. */
class WorkQueue {
  private readonly queued = new Set<string>()
  private readonly running = new Set<string>()
  private readonly again = new Set<string>()
  private readonly attempts = new Map<string, number>()
  private stopped = false

  constructor(
    private readonly handle: (key: string) => Promise<void>,
    private readonly log: (message: string) => void,
    private readonly concurrency = 4,
  ) {}

  add(key: string): void {
    if (this.stopped) return
    if (this.running.has(key)) this.again.add(key)
    else this.queued.add(key)
    this.pump()
  }

  stop(): void {
    this.stopped = true
    this.queued.clear()
  }

  private pump(): void {
    while (!this.stopped && this.running.size < this.concurrency && this.queued.size > 0) {
      const key = this.queued.values().next().value as string
      this.queued.delete(key)
      this.running.add(key)
      this.handle(key)
        .then(
          () => this.attempts.delete(key),
          (error: unknown) => {
            const attempt = (this.attempts.get(key) ?? 0) + 1
            this.attempts.set(key, attempt)
            if (attempt <= 8) {
              this.log(`retrying ${key} (${describe(error)})`)
              setTimeout(() => this.add(key), Math.min(250 * 2 ** attempt, 10_000)).unref()
            } else {
              this.log(`giving up on ${key}: ${describe(error)}`)
              this.attempts.delete(key)
            }
          },
        )
        .finally(() => {
          this.running.delete(key)
          if (this.again.delete(key)) this.queued.add(key)
          this.pump()
        })
    }
  }
}

function keyOf(object: KubernetesObject): string {
  return object.metadata?.namespace ? `${object.metadata.namespace}/${object.metadata.name}` : (object.metadata?.name ?? '')
}

function splitKey(key: string): { namespace: string; name: string } {
  const slash = key.indexOf('/')
  return { namespace: key.slice(0, slash), name: key.slice(slash + 1) }
}

export async function startNodeSimulator(options: NodeSimulatorOptions = {}): Promise<NodeSimulator> {
  const nodeName = options.nodeName ?? 'sim-node'
  const log = options.log ?? ((message: string) => console.log(`${new Date().toISOString()} ${message}`))
  const kc = options.kubeconfig instanceof KubeConfig ? options.kubeconfig : new KubeConfig()
  if (!(options.kubeconfig instanceof KubeConfig)) {
    kc.loadFromFile(options.kubeconfig ?? state.kubeconfig)
  }
  const core = kc.makeApiClient(CoreV1Api)
  const storage = kc.makeApiClient(StorageV1Api)
  const mergePatch = setHeaderOptions('Content-Type', PatchStrategy.MergePatch)
  const nodeLabels: Record<string, string> = {
    'kubernetes.io/hostname': nodeName,
    'kubernetes.io/os': 'linux',
    'kubernetes.io/arch': 'amd64',
    'node.kubernetes.io/instance-type': 'simulated',
    [SIMULATED_LABEL]: 'true',
  }
  const hostIP = '10.244.0.1'
  let failing: string[] = []
  let stopped = false

  await registerNode()
  await ensureStorageClass()

  const watch = new Watch(kc)
  const pods = new ListWatch<V1Pod>('/api/v1/pods', watch, () => core.listPodForAllNamespaces(), false)
  const claims = new ListWatch<V1PersistentVolumeClaim>(
    '/api/v1/persistentvolumeclaims',
    watch,
    () => core.listPersistentVolumeClaimForAllNamespaces(),
    false,
  )
  const volumes = new ListWatch<V1PersistentVolume>(
    '/api/v1/persistentvolumes',
    watch,
    () => core.listPersistentVolume({ labelSelector: `${SIMULATED_LABEL}=true` }),
    false,
    `${SIMULATED_LABEL}=true`,
  )
  const faults = new ListWatch<V1ConfigMap>(
    `/api/v1/namespaces/${FAULTS_CONFIGMAP.namespace}/configmaps`,
    watch,
    () => core.listNamespacedConfigMap({ namespace: FAULTS_CONFIGMAP.namespace, fieldSelector: `metadata.name=${FAULTS_CONFIGMAP.name}` }),
    false,
    undefined,
    `metadata.name=${FAULTS_CONFIGMAP.name}`,
  )

  const queue = new WorkQueue(async (key) => {
    const [kind, rest] = [key.slice(0, key.indexOf(':')), key.slice(key.indexOf(':') + 1)]
    if (kind === 'pod') await reconcilePod(rest)
    else if (kind === 'pvc') await reconcileClaim(rest)
    else if (kind === 'pv') await reconcileVolume(rest)
  }, log)

  function podsOfNamespace(namespace: string): void {
    for (const pod of pods.list(namespace)) queue.add(`pod:${keyOf(pod)}`)
  }

  function updateFaults(): void {
    const data = faults.get(FAULTS_CONFIGMAP.name, FAULTS_CONFIGMAP.namespace)?.data ?? {}
    const next = failingPatterns(data)
    if (next.join('\n') === failing.join('\n')) return
    failing = next
    log(`failing patterns: ${failing.length ? failing.join(', ') : '(none)'}`)
    for (const pod of pods.list()) queue.add(`pod:${keyOf(pod)}`)
  }

  pods.on('add', (pod) => queue.add(`pod:${keyOf(pod)}`))
  pods.on('update', (pod) => queue.add(`pod:${keyOf(pod)}`))
  claims.on('add', (claim) => queue.add(`pvc:${keyOf(claim)}`))
  claims.on('update', (claim) => queue.add(`pvc:${keyOf(claim)}`))
  claims.on('delete', (claim) => queue.add(`pv:pvc-${claim.metadata?.uid}`))
  volumes.on('add', (volume) => queue.add(`pv:${keyOf(volume)}`))
  volumes.on('update', (volume) => queue.add(`pv:${keyOf(volume)}`))
  faults.on('add', updateFaults)
  faults.on('update', updateFaults)
  faults.on('delete', updateFaults)

  const informers = { faults, claims, volumes, pods }
  for (const [name, informer] of Object.entries(informers)) {
    informer.on('error', (error: unknown) => {
      if (stopped) return
      log(`${name} watch failed (${describe(error)}); restarting in 1 s`)
      setTimeout(() => {
        if (!stopped) informer.start().catch(() => undefined)
      }, 1000).unref()
    })
  }
  // Faults and claims first: a pod is only judged once the patterns and its claims are known.
  for (const informer of Object.values(informers)) await informer.start()
  updateFaults()
  await registerNode() // a fresh heartbeat: cluster:up waits for one newer than the simulator's start
  log(`node ${nodeName} ready; watching pods, claims and ${FAULTS_CONFIGMAP.namespace}/${FAULTS_CONFIGMAP.name}`)

  async function registerNode(): Promise<void> {
    const resources = { cpu: '64', memory: '256Gi', pods: '500', 'ephemeral-storage': '1Ti' }
    try {
      await core.createNode({ body: { apiVersion: 'v1', kind: 'Node', metadata: { name: nodeName, labels: nodeLabels }, spec: {} } })
    } catch (error) {
      if (statusCode(error) !== 409) throw error
    }
    const now = new Date().toISOString()
    const condition = (type: string, status: string, reason: string, message: string) => ({
      type,
      status,
      reason,
      message,
      lastHeartbeatTime: now,
      lastTransitionTime: now,
    })
    await core.patchNodeStatus(
      {
        name: nodeName,
        body: {
          status: {
            capacity: resources,
            allocatable: resources,
            addresses: [
              { type: 'InternalIP', address: hostIP },
              { type: 'Hostname', address: nodeName },
            ],
            conditions: [
              condition('MemoryPressure', 'False', 'KubeletHasSufficientMemory', 'simulated'),
              condition('DiskPressure', 'False', 'KubeletHasNoDiskPressure', 'simulated'),
              condition('PIDPressure', 'False', 'KubeletHasSufficientPID', 'simulated'),
              condition('Ready', 'True', 'KubeletReady', 'node simulator (tenancy) is posting ready status'),
            ],
            nodeInfo: {
              machineID: 'simulated',
              systemUUID: 'simulated',
              bootID: 'simulated',
              kernelVersion: 'simulated',
              osImage: 'tenancy node simulator',
              containerRuntimeVersion: 'simulated://1.0',
              kubeletVersion: 'v1.20.2',
              kubeProxyVersion: 'v1.20.2',
              operatingSystem: 'linux',
              architecture: 'amd64',
            },
          },
        },
      },
      mergePatch,
    )
  }

  async function ensureStorageClass(): Promise<void> {
    try {
      await storage.createStorageClass({
        body: {
          apiVersion: 'storage.k8s.io/v1',
          kind: 'StorageClass',
          metadata: {
            name: SIMULATED_STORAGE_CLASS,
            labels: { [SIMULATED_LABEL]: 'true' },
            annotations: { 'storageclass.kubernetes.io/is-default-class': 'true' },
          },
          provisioner,
          reclaimPolicy: 'Delete',
          volumeBindingMode: 'Immediate',
          allowVolumeExpansion: true,
        },
      })
    } catch (error) {
      if (statusCode(error) !== 409) throw error
    }
  }

  function claimNames(pod: V1Pod): string[] {
    return (pod.spec?.volumes ?? []).flatMap((volume) => (volume.persistentVolumeClaim ? [volume.persistentVolumeClaim.claimName] : []))
  }

  function isSchedulable(pod: V1Pod): boolean {
    const namespace = pod.metadata?.namespace ?? ''
    const selectorMatches = Object.entries(pod.spec?.nodeSelector ?? {}).every(([key, value]) => nodeLabels[key] === value)
    const claimsBound = claimNames(pod).every((name) => claims.get(name, namespace)?.status?.phase === 'Bound')
    return selectorMatches && claimsBound
  }

  function allocateIp(pod: V1Pod): string {
    if (pod.status?.podIP) return pod.status.podIP
    const used = new Set(pods.list().map((p) => p.status?.podIP))
    for (;;) {
      nextIp = nextIp >= 65_000 ? 2 : nextIp + 1
      const ip = `10.244.${Math.floor(nextIp / 250) + 1}.${(nextIp % 250) + 2}`
      if (!used.has(ip)) return ip
    }
  }
  let nextIp = 1

  /** The status a kubelet would report: plain JSON for a merge patch of pods/status. */
  function desiredStatus(pod: V1Pod): { phase: string; ready: boolean; body: { status: Record<string, unknown> } } {
    const now = new Date().toISOString()
    const at = (time: Date | string | undefined) => (time ? new Date(time).toISOString() : now)
    const broken = isFailing(failing, pod.metadata?.namespace ?? '', pod.metadata?.name ?? '')
    const isJobPod = (pod.metadata?.ownerReferences ?? []).some((owner) => owner.kind === 'Job') && pod.spec?.restartPolicy !== 'Always'
    const phase = isJobPod && !broken ? 'Succeeded' : 'Running'
    const ready = phase === 'Running' && !broken
    const startTime = at(pod.status?.startTime)
    const previous = new Map((pod.status?.conditions ?? []).map((c) => [c.type, c]))
    const notReadyReason = phase === 'Succeeded' ? 'PodCompleted' : 'ContainersNotReady'
    const condition = (type: string, isTrue: boolean) => {
      const status = isTrue ? 'True' : 'False'
      const before = previous.get(type)
      return {
        type,
        status,
        lastTransitionTime: before?.status === status ? at(before.lastTransitionTime) : now,
        ...(isTrue ? {} : { reason: notReadyReason }),
      }
    }
    const identity = (container: { name: string; image?: string }) => ({
      name: container.name,
      image: container.image ?? '',
      imageID: `simulated://${container.image ?? ''}`,
      containerID: `simulated://${pod.metadata?.uid}/${container.name}`,
    })
    const containerStatuses = (pod.spec?.containers ?? []).map((container) => {
      const before = pod.status?.containerStatuses?.find((s) => s.name === container.name)
      if (phase === 'Succeeded') {
        return {
          ...identity(container),
          ready: false,
          started: false,
          restartCount: 0,
          state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: startTime, finishedAt: now } },
        }
      }
      if (broken) {
        return {
          ...identity(container),
          ready: false,
          started: false,
          restartCount: (before?.restartCount ?? 0) + (before?.state?.waiting ? 0 : 1),
          state: {
            waiting: { reason: 'CrashLoopBackOff', message: 'back-off restarting failed container (node simulator fault injection)' },
          },
          lastState: { terminated: { exitCode: 1, reason: 'Error', startedAt: startTime, finishedAt: now } },
        }
      }
      return {
        ...identity(container),
        ready: true,
        started: true,
        restartCount: before?.restartCount ?? 0,
        state: { running: { startedAt: now } },
        ...(before?.lastState ? { lastState: before.lastState } : {}),
      }
    })
    const initContainerStatuses = (pod.spec?.initContainers ?? []).map((container) => ({
      ...identity(container),
      ready: true,
      restartCount: 0,
      state: { terminated: { exitCode: 0, reason: 'Completed', startedAt: startTime, finishedAt: startTime } },
    }))
    const podIP = allocateIp(pod)
    return {
      phase,
      ready,
      body: {
        status: {
          phase,
          hostIP,
          podIP,
          podIPs: [{ ip: podIP }],
          startTime,
          conditions: [
            condition('Initialized', true),
            condition('Ready', ready),
            condition('ContainersReady', ready),
            condition('PodScheduled', true),
          ],
          containerStatuses,
          ...(initContainerStatuses.length ? { initContainerStatuses } : {}),
        },
      },
    }
  }

  function isSatisfied(pod: V1Pod, desired: { phase: string; ready: boolean }): boolean {
    const ready = (pod.status?.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True')
    const images = (pod.spec?.containers ?? []).every((c) =>
      pod.status?.containerStatuses?.some((s) => s.name === c.name && s.image === c.image),
    )
    return pod.status?.phase === desired.phase && ready === desired.ready && Boolean(pod.status?.podIP) && images
  }

  async function reconcilePod(key: string): Promise<void> {
    const { namespace, name } = splitKey(key)
    const pod = pods.get(name, namespace)
    if (!pod) return
    if (pod.metadata?.deletionTimestamp) {
      try {
        await core.deleteNamespacedPod({
          name,
          namespace,
          gracePeriodSeconds: 0,
          body: { gracePeriodSeconds: 0, preconditions: { uid: pod.metadata.uid } },
        })
        log(`deleted pod ${key}`)
      } catch (error) {
        if (statusCode(error) !== 404 && statusCode(error) !== 409) throw error
      }
      return
    }
    if (pod.spec?.nodeName && pod.spec.nodeName !== nodeName) return
    if (pod.status?.phase === 'Succeeded' || pod.status?.phase === 'Failed') return
    if (!pod.spec?.nodeName) {
      if (!isSchedulable(pod)) return // a claim binding or a nodeSelector change brings it back
      try {
        await core.createNamespacedPodBinding({
          name,
          namespace,
          body: {
            apiVersion: 'v1',
            kind: 'Binding',
            metadata: { name, namespace, uid: pod.metadata?.uid },
            target: { apiVersion: 'v1', kind: 'Node', name: nodeName },
          },
        })
      } catch (error) {
        if (statusCode(error) === 409) return // bound meanwhile; the update event brings it back
        if (statusCode(error) === 404) return
        // client-node may fail to read the server's answer (a Status, not a Binding) even though it bound
        if (statusCode(error) !== undefined) throw error
      }
      log(`bound pod ${key} to ${nodeName}`)
    }
    const desired = desiredStatus(pod)
    if (isSatisfied(pod, desired)) return
    try {
      await core.patchNamespacedPodStatus({ name, namespace, body: desired.body }, mergePatch)
    } catch (error) {
      if (statusCode(error) === 404) return
      throw error
    }
    log(`pod ${key}: ${desired.phase}${desired.phase === 'Running' ? (desired.ready ? ', ready' : ', not ready (CrashLoopBackOff)') : ''}`)
  }

  async function reconcileClaim(key: string): Promise<void> {
    const { namespace, name } = splitKey(key)
    const claim = claims.get(name, namespace)
    if (!claim || claim.metadata?.deletionTimestamp) return
    if (claim.status?.phase === 'Bound') {
      podsOfNamespace(namespace)
      return
    }
    if (claim.spec?.volumeName) return // the binder is on it
    const volumeName = `pvc-${claim.metadata?.uid}`
    if (volumes.get(volumeName)) return
    const storageClassName = claim.spec?.storageClassName ?? ''
    try {
      await core.createPersistentVolume({
        body: {
          apiVersion: 'v1',
          kind: 'PersistentVolume',
          metadata: {
            name: volumeName,
            labels: { ...(claim.spec?.selector?.matchLabels ?? {}), [SIMULATED_LABEL]: 'true' },
            annotations: { 'pv.kubernetes.io/provisioned-by': provisioner },
          },
          spec: {
            capacity: { storage: claim.spec?.resources?.requests?.storage ?? '1Gi' },
            accessModes: claim.spec?.accessModes?.length ? claim.spec.accessModes : ['ReadWriteOnce'],
            volumeMode: claim.spec?.volumeMode ?? 'Filesystem',
            persistentVolumeReclaimPolicy: 'Delete',
            storageClassName,
            claimRef: { apiVersion: 'v1', kind: 'PersistentVolumeClaim', namespace, name, uid: claim.metadata?.uid },
            csi: { driver: csiDriver, volumeHandle: volumeName },
          },
        },
      })
      log(`provisioned ${volumeName} for claim ${key}`)
    } catch (error) {
      if (statusCode(error) !== 409) throw error
    }
  }

  async function reconcileVolume(name: string): Promise<void> {
    const volume = volumes.get(name)
    if (!volume || volume.metadata?.deletionTimestamp) return
    // The binder marks a volume Released once its claim is gone; with no real storage behind it,
    // the simulator is the "external provisioner" that deletes it.
    if (volume.status?.phase !== 'Released' && volume.status?.phase !== 'Failed') return
    const ref = volume.spec?.claimRef
    try {
      await core.deletePersistentVolume({ name })
      log(`deleted ${name} (claim ${ref?.namespace}/${ref?.name} is gone)`)
    } catch (error) {
      if (statusCode(error) !== 404) throw error
    }
  }

  return {
    nodeName,
    async stop() {
      stopped = true
      queue.stop()
      await Promise.all(Object.values(informers).map((informer) => informer.stop()))
    },
  }
}

if (import.meta.url === pathToFileURL(path.resolve(process.argv[1] ?? '')).href) {
  startNodeSimulator({ kubeconfig: process.argv[2] }).then(
    (simulator) => {
      const shutdown = () => {
        simulator.stop().finally(() => process.exit(0))
      }
      process.on('SIGTERM', shutdown)
      process.on('SIGINT', shutdown)
    },
    (error: unknown) => {
      console.error(`node simulator failed to start: ${describe(error)}`)
      process.exit(1)
    },
  )
}
