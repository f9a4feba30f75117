// Every shipped app through its whole life on the real local API server (npm run test:cluster):
// provisioned by the real workflow on its smallest self-serve plan, changed to its biggest
// self-serve plan, suspended, resumed and deprovisioned, with nothing of the tenant left. The apps
// and plans come from the catalog; only mechanicbuddy's second database path is named: with a
// minimal CloudNativePG `Cluster` CRD registered, its chart makes a Cluster instead of the
// StatefulSet, wait-database waits for its instances, and suspend hibernates it. Pods never start
// (the node simulator reports them Ready; the test plays the CloudNativePG operator's status).
import https from 'node:https'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { DEFAULT_APPS } from '../apps/catalog'
import { type AppDefinition, replicaCount } from '../apps/definition'
import { needsOf } from '../apps/platform'
import { SAMPLE_TENANT, sampleFactsOptions } from '../apps/sample-tenant'
import { tenantFacts } from '../apps/tenant-facts'
import { isSelfServe } from '../billing/start-subscription'
import { getEnv, resetEnvCache } from '../env'
import { HelmCli } from '../helm/helm'
import { jobs } from '../jobs/jobs'
import { createKubeClient, type KubeClient } from '../k8s/client'
import { isKubeError, type KubeObject } from '../k8s/port'
import { parseQuantity, sameQuantity } from '../k8s/quantity'
import { adminKubeConfig, clusterKubeconfigPath } from '../k8s/testing/cluster'
import { getCatalog, type Plan } from '../plans/catalog'
import { until } from '../testing/until'
import { createTestDatabase, type TestDatabase } from '../testing/test-db'
import { DEFAULT_BLOCKED_CIDRS, GUARDRAIL_NAMES, LABELS, tenantQuota } from './guardrails'
import { loadTenant, RELEASE_NAME } from './load-tenant'
import { inspectFleet } from './reconcile-fleet'
import { planClaimSizes } from './steps/resize-volumes'
import { REPLICAS_ANNOTATION } from './steps/scale-workloads'
import type { ClusterTarget } from './target'
import { finishedRun, newTenant, startHarness, waitForState, type Harness } from './testing/harness'

let database: TestDatabase
let harness: Harness
let kube: KubeClient
let helm: HelmCli
let target: ClusterTarget
/** Tenants this file made: a failed test's instance is removed afterwards, so that it leaves nothing on the shared cluster. */
const made: { tenantId: string; namespace: string }[] = []

beforeAll(async () => {
  process.env.PROVISION_STEP_TIMEOUT_SECONDS = '90'
  resetEnvCache()
  database = await createTestDatabase()
  kube = createKubeClient({ kubeconfigPath: clusterKubeconfigPath() })
  helm = new HelmCli({ kubeconfig: clusterKubeconfigPath() })
  target = { mode: 'live', kube, helm }
  harness = startHarness(database.db, target)
})
afterAll(async () => {
  for (const { tenantId, namespace } of made) {
    const tenant = await database.db.tenant.findUnique({ where: { id: tenantId } })
    if (tenant?.state === 'DEPROVISIONED') continue
    await helm.uninstall(RELEASE_NAME, namespace).catch(() => false)
    await kube.delete({ apiVersion: 'v1', kind: 'Namespace', name: namespace }).catch(() => false)
  }
  await harness?.stop()
  await database?.close()
  delete process.env.PROVISION_STEP_TIMEOUT_SECONDS
  resetEnvCache()
})

// ---------------------------------------------------------------------------------------------
// The plans each app is taken through

const size = (p: Plan) => [p.limits.cpuMillicores, p.limits.memoryMiB, p.limits.storageGiB, p.priceCents ?? 0]
const bySize = (a: Plan, b: Plan) => {
  const [x, y] = [size(a), size(b)]
  const i = x.findIndex((v, k) => v !== y[k])
  return i < 0 ? 0 : x[i]! - y[i]!
}

/** The app's smallest self-serve plan, and its biggest self-serve plan (which must be bigger). */
function plansOf(app: AppDefinition): { small: Plan; big: Plan } {
  const plans = getCatalog()
    .filter((p) => p.app === app.id && isSelfServe(p))
    .sort(bySize)
  const small = plans[0]!
  const big = plans.at(-1)!
  return { small, big }
}

const CASES = DEFAULT_APPS.map((app) => ({ app, ...plansOf(app) }))

// ---------------------------------------------------------------------------------------------
// Reading the live cluster

const spec = <T>(o: KubeObject | null | undefined) => (o?.spec ?? {}) as T
const status = <T>(o: KubeObject | null | undefined) => (o?.status ?? {}) as T

interface PodTemplate {
  template: { spec: { containers: { name: string; resources?: { limits?: Record<string, string> } }[] } }
  replicas?: number
}

async function workloads(namespace: string): Promise<KubeObject[]> {
  const [deployments, statefulSets] = await Promise.all([
    kube.list('apps/v1', 'Deployment', { namespace }),
    kube.list('apps/v1', 'StatefulSet', { namespace }),
  ])
  return [...deployments, ...statefulSets]
}

/** Lists a kind, or [] when the API server does not serve it (whatever error the port gives for that). */
async function listServed(apiVersion: string, kind: string, options: { namespace?: string; labelSelector?: string }) {
  try {
    return await kube.list(apiVersion, kind, options)
  } catch (error) {
    if (isKubeError(error, 'NOT_FOUND') || (isKubeError(error, 'INVALID') && /does not serve|has no kind/.test(error.message))) return []
    throw error
  }
}

async function cronJobs(namespace: string): Promise<KubeObject[]> {
  const lists = await Promise.all(['batch/v1beta1', 'batch/v1'].map((v) => listServed(v, 'CronJob', { namespace })))
  // 1.21–1.24 serve both versions of the same objects: count each once.
  const seen = new Set<string>()
  return lists.flat().filter((c) => !seen.has(c.metadata.name) && seen.add(c.metadata.name))
}

async function autoscalers(namespace: string): Promise<KubeObject[]> {
  return listServed('autoscaling/v2beta2', 'HorizontalPodAutoscaler', { namespace })
}

/** GET of an API path as the cluster's admin (discovery, which the Kubernetes port does not offer). */
async function adminGet<T>(path: string): Promise<T> {
  const kc = adminKubeConfig()
  const url = new URL(path, kc.getCurrentCluster()!.server)
  const options: https.RequestOptions = { method: 'GET', hostname: url.hostname, port: url.port, path: url.pathname + url.search }
  await kc.applyToHTTPSOptions(options)
  return new Promise((resolve, reject) => {
    const request = https.request(options, (response) => {
      let body = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => (body += chunk))
      response.on('end', () =>
        response.statusCode === 200 ? resolve(JSON.parse(body) as T) : reject(new Error(`GET ${path}: ${response.statusCode} ${body}`)),
      )
    })
    request.on('error', reject)
    request.end()
  })
}

interface ApiResource {
  name: string
  kind: string
  verbs: string[]
}

/** Every kind the API server serves that can be listed (each group at its preferred version), CRDs included. */
async function listableKinds(): Promise<{ apiVersion: string; kind: string }[]> {
  const core = await adminGet<{ resources: ApiResource[] }>('/api/v1')
  const groups = await adminGet<{ groups: { preferredVersion: { groupVersion: string } }[] }>('/apis')
  const kinds = core.resources.map((r) => ({ apiVersion: 'v1', resource: r }))
  for (const group of groups.groups) {
    const gv = group.preferredVersion.groupVersion
    const list = await adminGet<{ resources: ApiResource[] }>(`/apis/${gv}`)
    kinds.push(...list.resources.map((r) => ({ apiVersion: gv, resource: r })))
  }
  return kinds
    .filter(({ resource }) => !resource.name.includes('/') && resource.verbs.includes('list'))
    .map(({ apiVersion, resource }) => ({ apiVersion, kind: resource.kind }))
}

/** Every object anywhere in the cluster carrying the tenant's label, as "Kind namespace/name". */
async function objectsOfTenant(tenantId: string): Promise<string[]> {
  const found: string[] = []
  for (const { apiVersion, kind } of await listableKinds()) {
    const items = await listServed(apiVersion, kind, { labelSelector: `${LABELS.tenant}=${tenantId}` })
    found.push(...items.map((o) => `${kind} ${o.metadata.namespace ? `${o.metadata.namespace}/` : ''}${o.metadata.name}`))
  }
  return found
}

// ---------------------------------------------------------------------------------------------
// What each stage must show

/**
 * The replica counts the app's definition gives a workload on a plan (and its autoscaler maximum).
 * A workload is tied to its component by its containers' limits, which come from that component's
 * facts (docs/apps.md: "everything that runs must take its resources from component facts");
 * components with the same limits must agree.
 */
function expectedReplicas(app: AppDefinition, plan: Plan, workload: KubeObject): { replicas: number; maxReplicas: number | null } {
  const facts = tenantFacts(app, plan, SAMPLE_TENANT, sampleFactsOptions())
  const containers = spec<PodTemplate>(workload).template.spec.containers
  const matches = new Map<string, { replicas: number; maxReplicas: number | null }>()
  for (const component of app.components) {
    const cpu = facts[`component.${component.name}.cpu`]
    const memory = facts[`component.${component.name}.memory`]
    if (cpu === undefined) continue // not on this plan
    const runsHere = containers.some((c) => {
      const limits = c.resources?.limits ?? {}
      return (
        limits.cpu !== undefined &&
        limits.memory !== undefined &&
        sameQuantity(limits.cpu, String(cpu)) &&
        sameQuantity(limits.memory, String(memory))
      )
    })
    const count = {
      replicas: replicaCount(component.replicas, plan),
      maxReplicas: component.maxReplicas === undefined ? null : replicaCount(component.maxReplicas, plan),
    }
    if (runsHere) matches.set(JSON.stringify(count), count)
  }
  const described = `${workload.kind} ${workload.metadata.name} on ${plan.id}`
  expect([...matches.keys()], `${described}: the replica counts of the components whose limits its containers have`).toHaveLength(1)
  return [...matches.values()][0]!
}

/** The secret keys the app declares (docs/apps.md "Facts"), and the owner's email. */
function declaredSecretKeys(app: AppDefinition): string[] {
  const keys = app.secrets.flatMap((s) => (s.kind === 'accessKeyPair' ? [`${s.name}-access-key`, `${s.name}-secret-key`] : [s.name]))
  return [...keys, 'admin-email'].sort()
}

/** Holds on the live objects once the tenant runs `plan` (after provisioning, and after the plan change). */
async function expectRunning(app: AppDefinition, plan: Plan, tenantId: string, namespace: string): Promise<Map<string, number>> {
  const where = `${app.id} on ${plan.id}`
  const ns = await kube.get({ apiVersion: 'v1', kind: 'Namespace', name: namespace })
  expect(ns!.metadata.labels, where).toMatchObject({
    [LABELS.managedBy]: 'tenancy',
    [LABELS.tenant]: tenantId,
    [LABELS.plan]: plan.id,
    'pod-security.kubernetes.io/enforce': 'restricted',
  })

  // Quota: the plan's, raised by exactly the TCP ports this plan exposes.
  const serviceType = getEnv().TCP_SERVICE_TYPE
  const tcp = app.exposure.tcp.filter((t) => t.plans.includes(plan.id))
  const tcpServices = new Set(tcp.map((t) => t.service))
  const quota = await kube.get({ apiVersion: 'v1', kind: 'ResourceQuota', name: GUARDRAIL_NAMES.quota, namespace })
  const hard = spec<{ hard: Record<string, string> }>(quota).hard
  const want = tenantQuota(plan, needsOf(app, plan))
  expect(Object.keys(hard).sort(), where).toEqual(Object.keys(want).sort())
  for (const [resource, value] of Object.entries(want))
    expect(sameQuantity(hard[resource]!, value), `${where}: quota ${resource}`).toBe(true)
  expect(hard['requests.storage'], where).toBe(`${plan.limits.storageGiB}Gi`)
  expect(hard.pods, where).toBe(String(plan.limits.pods))
  expect(hard['services.loadbalancers'], where).toBe(String(serviceType === 'LoadBalancer' ? tcpServices.size : 0))
  // A node port per TCP port with either type: a LoadBalancer is charged its node ports on Kubernetes before 1.22.
  expect(hard['services.nodeports'], where).toBe(String(tcp.length))

  // Services: ClusterIP except the declared TCP ports this plan exposes, of the cluster's type.
  const services = await kube.list('v1', 'Service', { namespace })
  const exposed = services.filter((s) => spec<{ type?: string }>(s).type !== 'ClusterIP')
  expect(exposed.map((s) => `${s.metadata.name} ${spec<{ type: string }>(s).type}`).sort(), where).toEqual(
    [...tcpServices].map((name) => `${name} ${serviceType}`).sort(),
  )
  for (const t of tcp) {
    const service = exposed.find((s) => s.metadata.name === t.service)!
    expect(
      spec<{ ports: { port: number }[] }>(service).ports.map((p) => p.port),
      `${where}: Service ${t.service}`,
    ).toContain(t.port)
  }
  // The quota's own accounting admits them, and counts them.
  await until(
    () => kube.get({ apiVersion: 'v1', kind: 'ResourceQuota', name: GUARDRAIL_NAMES.quota, namespace }),
    (q) => status<{ used?: Record<string, string> }>(q).used?.['services.loadbalancers'] !== undefined,
    30_000,
  )
  const used = status<{ used: Record<string, string> }>(
    await kube.get({ apiVersion: 'v1', kind: 'ResourceQuota', name: GUARDRAIL_NAMES.quota, namespace }),
  ).used
  for (const resource of Object.keys(want))
    if (used[resource] !== undefined)
      expect(parseQuantity(used[resource]!), `${where}: quota used ${resource}`).toBeLessThanOrEqual(parseQuantity(hard[resource]!))
  expect(used['services.loadbalancers'], where).toBe(String(serviceType === 'LoadBalancer' ? tcpServices.size : 0))

  // Egress: the policies the app's egress asks for, and no more.
  const policies = await kube.list('networking.k8s.io/v1', 'NetworkPolicy', { namespace })
  const wantPolicies = [
    GUARDRAIL_NAMES.defaultDeny,
    GUARDRAIL_NAMES.sameNamespace,
    GUARDRAIL_NAMES.ingressController,
    ...(app.egress === 'none' ? [] : [GUARDRAIL_NAMES.dns]),
    ...(app.egress === 'internet' ? [GUARDRAIL_NAMES.internet] : []),
  ]
  expect(policies.map((p) => p.metadata.name).sort(), where).toEqual([...wantPolicies].sort())
  const internet = policies.find((p) => p.metadata.name === GUARDRAIL_NAMES.internet)
  if (internet) {
    const blocks = spec<{ egress: { to: { ipBlock: { cidr: string; except: string[] } }[] }[] }>(internet).egress.flatMap((e) =>
      e.to.map((t) => t.ipBlock),
    )
    expect(blocks.flatMap((b) => b.except).sort(), where).toEqual(expect.arrayContaining([...DEFAULT_BLOCKED_CIDRS].sort()))
  }

  // The credentials Secret: exactly the keys the app declares.
  const secret = await kube.get({ apiVersion: 'v1', kind: 'Secret', name: 'instance-credentials', namespace })
  const data = secret!.data as Record<string, string>
  expect(Object.keys(data).sort(), where).toEqual(declaredSecretKeys(app))
  for (const s of app.secrets)
    if (s.kind === 'hexKey')
      expect(Buffer.from(data[s.name]!, 'base64').toString('utf8'), `${where}: ${s.name}`).toMatch(new RegExp(`^[0-9a-f]{${s.length}}$`))

  // Workloads: each at the count its component has on this plan, Ready (the node simulator's pods).
  const hpas = await autoscalers(namespace)
  const found = await workloads(namespace)
  expect(found.length, `${where}: workloads`).toBeGreaterThan(0)
  const replicas = new Map<string, number>()
  for (const w of found) {
    const hpa = hpas.find((h) => spec<{ scaleTargetRef: { kind: string; name: string } }>(h).scaleTargetRef.name === w.metadata.name)
    const { replicas: count, maxReplicas: autoscaledTo } = expectedReplicas(app, plan, w)
    const ref = { apiVersion: 'apps/v1', kind: w.kind, name: w.metadata.name, namespace }
    if (hpa) {
      // The autoscaler owns the count: its minimum is the component's replicas (it raises a new Deployment's 1 to it).
      const { minReplicas, maxReplicas } = spec<{ minReplicas: number; maxReplicas: number }>(hpa)
      expect(minReplicas, `${where}: HPA ${hpa.metadata.name} min`).toBe(count)
      expect(maxReplicas, `${where}: HPA ${hpa.metadata.name} max`).toBe(autoscaledTo)
    } else expect(autoscaledTo, `${where}: ${w.kind} ${w.metadata.name} is autoscaled by no HPA`).toBeNull()
    const live = await kube.waitFor(
      ref,
      (o) => spec<{ replicas?: number }>(o).replicas === count && status<{ readyReplicas?: number }>(o).readyReplicas === count,
      {
        timeoutMs: 90_000,
        description: `${where}: ${w.kind} ${w.metadata.name} at ${count} ready`,
      },
    )
    replicas.set(`${w.kind}/${w.metadata.name}`, spec<{ replicas: number }>(live).replicas)
  }
  return replicas
}

async function claimsOf(namespace: string): Promise<Map<string, string>> {
  const claims = await kube.list('v1', 'PersistentVolumeClaim', { namespace })
  return new Map(claims.map((c) => [c.metadata.name, spec<{ resources: { requests: { storage: string } } }>(c).resources.requests.storage]))
}

async function expectNothingLeft(tenantId: string, namespace: string): Promise<void> {
  expect(await kube.get({ apiVersion: 'v1', kind: 'Namespace', name: namespace })).toBeNull()
  expect(await objectsOfTenant(tenantId)).toEqual([])
  expect(await helm.status(RELEASE_NAME, namespace)).toBeNull()
}

/** Provision → bigger plan → suspend → resume → deprovision, asserting each stage. `extra` adds app-specific checks. */
async function lifecycle(
  app: AppDefinition,
  small: Plan,
  big: Plan,
  extra: {
    afterProvision?: (namespace: string) => Promise<void>
    afterChange?: (namespace: string) => Promise<void>
    afterSuspend?: (namespace: string) => Promise<void>
    afterResume?: (namespace: string) => Promise<void>
  } = {},
): Promise<void> {
  const { tenantId, org } = await newTenant(database.db, small.id)
  const namespace = `tenant-${org.slug}`
  made.push({ tenantId, namespace })
  const ready = await waitForState(database.db, tenantId, ['ACTIVE', 'FAILED'], 300_000)
  const run = await finishedRun(database.db, tenantId, 'PROVISION')
  expect(run.error, `${app.id}: provisioning`).toBeNull()
  expect(ready.state).toBe('ACTIVE')
  expect(run.steps.filter((s) => s.status !== 'SUCCEEDED')).toEqual([])
  await expectRunning(app, small, tenantId, namespace)
  await extra.afterProvision?.(namespace)
  const before = await claimsOf(namespace)

  // The bigger plan.
  await jobs.send({ name: 'tenant/plan-change.requested', data: { tenantId, toPlanId: big.id } })
  const change = await finishedRun(database.db, tenantId, 'CHANGE_PLAN', 300_000)
  expect(change.error, `${app.id}: plan change`).toBeNull()
  expect((await database.db.tenant.findUniqueOrThrow({ where: { id: tenantId } })).planId).toBe(big.id)
  const running = await expectRunning(app, big, tenantId, namespace)
  // Claims: grown to the bigger plan's sizes where the storage class allows expansion; the step says why not elsewhere.
  const sizes = planClaimSizes(await loadTenant(tenantId))
  const after = await claimsOf(namespace)
  const resize = change.steps.find((s) => s.name === 'resize-volumes')!
  expect(resize.status).toBe('SUCCEEDED')
  for (const [name, was] of before) {
    const wanted = sizes.get(name)
    if (!wanted) continue
    const claim = await kube.get({ apiVersion: 'v1', kind: 'PersistentVolumeClaim', name, namespace })
    const className = spec<{ storageClassName?: string }>(claim).storageClassName
    const storageClass = className ? await kube.get({ apiVersion: 'storage.k8s.io/v1', kind: 'StorageClass', name: className }) : null
    const expandable = (storageClass as { allowVolumeExpansion?: boolean } | null)?.allowVolumeExpansion === true
    if (parseQuantity(wanted) <= parseQuantity(was)) expect(after.get(name), `${app.id}: claim ${name} never shrinks`).toBe(was)
    else if (expandable)
      expect(sameQuantity(after.get(name)!, wanted), `${app.id}: claim ${name} ${was} → ${after.get(name)}, plan says ${wanted}`).toBe(true)
    else expect(resize.message, `${app.id}: claim ${name}`).toContain(`${name} kept at ${was}`)
  }
  // A claim template's claims are grown by the step itself (helm cannot: the template is immutable).
  for (const volume of app.volumes.filter((v) => v.perReplica && v.growsWithPlan)) {
    const claims = [...before.keys()].filter((name) => name.startsWith(`${volume.claim ?? volume.name}-`))
    for (const name of claims)
      if (parseQuantity(sizes.get(name) ?? '0') > parseQuantity(before.get(name)!))
        expect(resize.message, `${app.id}: ${name}`).toMatch(new RegExp(`(Grown|Not grown): .*${name} `))
  }
  // As the reconciler sees it: no drift after the change.
  expect((await inspectFleet(target)).filter((f) => f.namespace === namespace)).toEqual([])
  await extra.afterChange?.(namespace)

  // Suspend: every Deployment and StatefulSet at 0, CronJobs suspended, volumes kept.
  await jobs.send({ name: 'tenant/suspend.requested', data: { tenantId, reason: 'trial expired' } })
  expect((await finishedRun(database.db, tenantId, 'SUSPEND', 180_000)).error, `${app.id}: suspend`).toBeNull()
  expect((await waitForState(database.db, tenantId, ['SUSPENDED', 'FAILED'])).state).toBe('SUSPENDED')
  const expectDown = async () => {
    for (const w of await workloads(namespace)) {
      expect(spec<{ replicas: number }>(w).replicas, `${app.id}: ${w.kind} ${w.metadata.name} suspended`).toBe(0)
      expect(status<{ replicas?: number }>(w).replicas ?? 0).toBe(0)
      expect(w.metadata.annotations?.[REPLICAS_ANNOTATION]).toBe(String(running.get(`${w.kind}/${w.metadata.name}`)))
    }
    const pods = await kube.list('v1', 'Pod', { namespace })
    expect(pods.filter((p) => !(p.metadata.ownerReferences as { kind: string }[] | undefined)?.some((o) => o.kind === 'Job'))).toEqual([])
  }
  await expectDown()
  for (const cron of await cronJobs(namespace))
    expect(spec<{ suspend?: boolean }>(cron).suspend, `CronJob ${cron.metadata.name}`).toBe(true)
  // An autoscaled workload stays at 0: the autoscaler has looked at it since, and left it there.
  for (const hpa of await autoscalers(namespace)) {
    const ref = { apiVersion: hpa.apiVersion, kind: hpa.kind, name: hpa.metadata.name, namespace }
    await kube.waitFor(
      ref,
      (o) =>
        status<{ conditions?: { type: string; reason?: string }[] }>(o).conditions?.some((c) => c.reason === 'ScalingDisabled') === true,
      { timeoutMs: 90_000, description: `HPA ${hpa.metadata.name} disabled by the target's 0 replicas` },
    )
    await expectDown()
  }
  const kept = await kube.list('v1', 'PersistentVolumeClaim', { namespace })
  expect(kept.map((c) => c.metadata.name).sort()).toEqual([...after.keys()].sort())
  expect(kept.every((c) => status<{ phase?: string }>(c).phase === 'Bound')).toBe(true)
  await extra.afterSuspend?.(namespace)

  // Resume: the counts from before the suspension.
  await jobs.send({ name: 'tenant/resume.requested', data: { tenantId } })
  expect((await finishedRun(database.db, tenantId, 'RESUME', 180_000)).error, `${app.id}: resume`).toBeNull()
  expect((await waitForState(database.db, tenantId, ['ACTIVE', 'FAILED'])).state).toBe('ACTIVE')
  for (const w of await workloads(namespace)) {
    expect(spec<{ replicas: number }>(w).replicas, `${app.id}: ${w.kind} ${w.metadata.name} resumed`).toBe(
      running.get(`${w.kind}/${w.metadata.name}`),
    )
    expect(w.metadata.annotations?.[REPLICAS_ANNOTATION]).toBeUndefined()
  }
  for (const cron of await cronJobs(namespace))
    expect(spec<{ suspend?: boolean }>(cron).suspend, `CronJob ${cron.metadata.name}`).toBe(false)
  await extra.afterResume?.(namespace)

  // Deprovision: nothing of the tenant anywhere.
  await jobs.send({ name: 'tenant/deprovision.requested', data: { tenantId } })
  expect((await finishedRun(database.db, tenantId, 'DEPROVISION', 240_000)).error, `${app.id}: deprovision`).toBeNull()
  expect((await waitForState(database.db, tenantId, ['DEPROVISIONED', 'FAILED'])).state).toBe('DEPROVISIONED')
  await expectNothingLeft(tenantId, namespace)
}

// ---------------------------------------------------------------------------------------------

describe('every shipped app on the real API server', () => {
  it('is taken from the smallest self-serve plan to a bigger one of the same app, exposing each declared TCP port on one of them', () => {
    expect(CASES.map((c) => c.app.id).sort()).toEqual(DEFAULT_APPS.map((a) => a.id).sort())
    for (const { app, small, big } of CASES) {
      expect(big.app).toBe(app.id)
      expect(big.limits.cpuMillicores + big.limits.memoryMiB, app.id).toBeGreaterThan(small.limits.cpuMillicores + small.limits.memoryMiB)
      for (const t of app.exposure.tcp)
        expect(
          [small.id, big.id].some((id) => t.plans.includes(id)),
          `${app.id}: ${t.name}`,
        ).toBe(true)
    }
  })

  it.each(CASES.map((c) => [c.app.id, c] as const))(
    '%s: provisioned, changed to a bigger plan, suspended, resumed, deprovisioned, nothing left',
    async (_id, { app, small, big }) => {
      await lifecycle(app, small, big)
    },
    900_000,
  )
})

// ---------------------------------------------------------------------------------------------
// mechanicbuddy's CloudNativePG branch

const CNPG_CRD: KubeObject = {
  apiVersion: 'apiextensions.k8s.io/v1',
  kind: 'CustomResourceDefinition',
  metadata: { name: 'clusters.postgresql.cnpg.io' },
  spec: {
    group: 'postgresql.cnpg.io',
    scope: 'Namespaced',
    names: { kind: 'Cluster', listKind: 'ClusterList', plural: 'clusters', singular: 'cluster' },
    versions: [
      {
        name: 'v1',
        served: true,
        storage: true,
        schema: { openAPIV3Schema: { type: 'object', 'x-kubernetes-preserve-unknown-fields': true } },
        subresources: { status: {} },
      },
    ],
  },
}
const crdRef = { apiVersion: 'apiextensions.k8s.io/v1', kind: 'CustomResourceDefinition', name: 'clusters.postgresql.cnpg.io' }
const HIBERNATION = 'cnpg.io/hibernation'

/**
 * Merge-patches an object's status subresource as the cluster's admin (an operator's write, which the Kubernetes
 * port does not offer). An object deleted meanwhile (deprovisioning) is left alone.
 */
async function adminPatchStatus(path: string, patch: Record<string, unknown>): Promise<void> {
  const kc = adminKubeConfig()
  const url = new URL(`${path}/status`, kc.getCurrentCluster()!.server)
  const options: https.RequestOptions = {
    method: 'PATCH',
    hostname: url.hostname,
    port: url.port,
    path: url.pathname,
    headers: { 'content-type': 'application/merge-patch+json' },
  }
  await kc.applyToHTTPSOptions(options)
  await new Promise<void>((resolve, reject) => {
    const request = https.request(options, (response) => {
      let body = ''
      response.setEncoding('utf8')
      response.on('data', (chunk: string) => (body += chunk))
      response.on('end', () =>
        response.statusCode === 200 || response.statusCode === 404
          ? resolve()
          : reject(new Error(`PATCH ${path}/status: ${response.statusCode} ${body}`)),
      )
    })
    request.on('error', reject)
    request.end(JSON.stringify(patch))
  })
}

/**
 * What the CloudNativePG operator reports, played by the test (no operator runs on the local cluster, and no pod
 * would start): every instance ready (status.readyInstances = spec.instances), none while hibernated. Tenancy's
 * wait-database step waits for exactly that.
 */
async function playOperator(): Promise<void> {
  for (const c of await listServed('postgresql.cnpg.io/v1', 'Cluster', {})) {
    const hibernated = c.metadata.annotations?.[HIBERNATION] === 'on'
    const instances = spec<{ instances?: number }>(c).instances ?? 1
    const ready = hibernated ? 0 : instances
    if (status<{ readyInstances?: number }>(c).readyInstances === ready) continue
    const phase = hibernated ? 'Cluster in hibernation' : 'Cluster in healthy state'
    await adminPatchStatus(`/apis/postgresql.cnpg.io/v1/namespaces/${c.metadata.namespace}/clusters/${c.metadata.name}`, {
      status: { instances: ready, readyInstances: ready, phase },
    })
  }
}

describe('mechanicbuddy with CloudNativePG serving postgresql.cnpg.io/v1 Cluster', () => {
  const mechanicbuddy = CASES.find((c) => c.app.id === 'mechanicbuddy')!
  let operating = false
  let operator: Promise<void> | undefined
  let operatorFailure: unknown

  beforeAll(async () => {
    await kube.apply(CNPG_CRD, { force: true })
    await kube.waitFor(
      crdRef,
      (o) =>
        status<{ conditions?: { type: string; status: string }[] }>(o).conditions?.some(
          (c) => c.type === 'Established' && c.status === 'True',
        ) === true,
      { timeoutMs: 60_000 },
    )
    // Discovery serves the kind once the CRD is established (helm's capabilities, the port's discovery).
    await until(
      () =>
        listServed('postgresql.cnpg.io/v1', 'Cluster', {}).then(
          () => true,
          () => false,
        ),
      (ok) => ok,
      30_000,
    )
    // No CloudNativePG operator runs here: this test plays it, as the node simulator plays the kubelet.
    operating = true
    operator = (async () => {
      while (operating) {
        await playOperator().catch((error: unknown) => (operatorFailure ??= error))
        await new Promise((resolve) => setTimeout(resolve, 500))
      }
    })()
  })
  afterAll(async () => {
    operating = false
    await operator
    await kube.delete(crdRef)
    await kube.waitFor(crdRef, (o) => o === null, { timeoutMs: 60_000 })
  })

  const cluster = (namespace: string) => kube.get({ apiVersion: 'postgresql.cnpg.io/v1', kind: 'Cluster', name: 'postgres', namespace })

  it('makes a Cluster instead of the StatefulSet, grows it with the plan, hibernates it on suspend and wakes it on resume', async () => {
    const { app, small, big } = mechanicbuddy
    const expectCluster = (plan: Plan) => async (namespace: string) => {
      const live = await cluster(namespace)
      expect(live, 'the Cluster postgres').not.toBeNull()
      expect(live!.metadata.labels).toMatchObject({ [LABELS.managedBy]: 'tenancy', [LABELS.tenant]: expect.any(String) })
      expect(spec<{ instances: number }>(live).instances).toBe(plan.limits.databaseInstances)
      const facts = tenantFacts(app, plan, SAMPLE_TENANT, sampleFactsOptions())
      const data = app.volumes.find((v) => v.perReplica)!
      expect(sameQuantity(spec<{ storage: { size: string } }>(live).storage.size, String(facts[`volume.${data.name}.size`]))).toBe(true)
      expect(await kube.list('apps/v1', 'StatefulSet', { namespace })).toEqual([])
      // CloudNativePG bootstraps the owner from the basic-auth Secret the Cluster names: the password Tenancy generated.
      const initdb = spec<{ bootstrap: { initdb: { owner: string; secret: { name: string } } } }>(live).bootstrap.initdb
      const owner = await kube.get({ apiVersion: 'v1', kind: 'Secret', name: initdb.secret.name, namespace })
      expect(owner, `the owner's Secret ${initdb.secret.name}`).not.toBeNull()
      expect((owner as { type?: string }).type).toBe('kubernetes.io/basic-auth')
      const ownerData = owner!.data as Record<string, string>
      expect(Buffer.from(ownerData.username!, 'base64').toString('utf8')).toBe(initdb.owner)
      const credentials = await kube.get({ apiVersion: 'v1', kind: 'Secret', name: 'instance-credentials', namespace })
      expect(ownerData.password).toBe((credentials!.data as Record<string, string>)['database-password'])
    }
    /** The run's wait-database step waited for the Cluster until all the plan's instances were ready. */
    const expectWaited = async (namespace: string, kind: 'PROVISION' | 'CHANGE_PLAN', plan: Plan) => {
      const tenantId = (await cluster(namespace))!.metadata.labels![LABELS.tenant]!
      const run = await finishedRun(database.db, tenantId, kind)
      const instances = plan.limits.databaseInstances
      expect(run.steps.find((s) => s.name === 'wait-database')?.message).toContain(
        `Cluster postgres: ${instances}/${instances} instances ready`,
      )
    }
    await lifecycle(app, small, big, {
      afterProvision: async (namespace) => {
        await expectCluster(small)(namespace)
        expect((await cluster(namespace))!.metadata.annotations?.[HIBERNATION]).toBeUndefined()
        await expectWaited(namespace, 'PROVISION', small)
      },
      afterChange: async (namespace) => {
        await expectCluster(big)(namespace)
        await expectWaited(namespace, 'CHANGE_PLAN', big)
      },
      afterSuspend: async (namespace) => {
        expect((await cluster(namespace))!.metadata.annotations?.[HIBERNATION]).toBe('on')
      },
      afterResume: async (namespace) => {
        expect((await cluster(namespace))!.metadata.annotations?.[HIBERNATION]).toBe('off')
      },
    })
    expect(operatorFailure, 'the test playing the operator').toBeUndefined()
  }, 900_000)
})
