// The tenant workflows against the real local API server (npm run test:cluster): etcd +
// kube-apiserver + kube-controller-manager from Debian's source, the node simulator playing the
// kubelet, the real helm binary installing charts/tenant-instance. The database is the
// PostgreSQL server when DATABASE_URL is set (the worker-kill test needs it), else PGlite.
import { spawn, type ChildProcess } from 'node:child_process'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { getClusterObjects } from '../admin/get-cluster-objects'
import { resetEnvCache } from '../env'
import { HelmCli } from '../helm/helm'
import { jobs } from '../jobs/jobs'
import { createKubeClient, type KubeClient } from '../k8s/client'
import type { KubeObject } from '../k8s/port'
import { clusterKubeconfigPath, setFailingPods } from '../k8s/testing/cluster'
import { createTestDatabase, type TestDatabase } from '../testing/test-db'
import { until } from '../testing/until'
import { LABELS, MANAGED_SELECTOR, tenantSelector } from './guardrails'
import { loadTenant } from './load-tenant'
import { inspectFleet } from './reconcile-fleet'
import { retryProvisioning } from './retry-provisioning'
import { planClaimSizes } from './steps/resize-volumes'
import type { ClusterTarget } from './target'
import { finishedRun, newTenant, PROVISION_STEPS, startHarness, waitForState, type Harness } from './testing/harness'

let database: TestDatabase
let harness: Harness
let kube: KubeClient
let target: ClusterTarget

beforeAll(async () => {
  process.env.PROVISION_STEP_TIMEOUT_SECONDS = '90'
  process.env.PROVISION_STEP_TIMEOUTS = 'wait-app=12'
  resetEnvCache()
  database = await createTestDatabase()
  kube = createKubeClient({ kubeconfigPath: clusterKubeconfigPath() })
  target = {
    mode: 'live',
    kube,
    helm: new HelmCli({ kubeconfig: clusterKubeconfigPath() }),
  }
  harness = startHarness(database.db, target)
})
afterEach(() => setFailingPods([]))
afterAll(async () => {
  await harness?.stop()
  await database?.close()
  delete process.env.PROVISION_STEP_TIMEOUT_SECONDS
  delete process.env.PROVISION_STEP_TIMEOUTS
  resetEnvCache()
})

const spec = <T>(o: KubeObject | null) => o?.spec as T
const workload = (kind: 'Deployment' | 'StatefulSet', namespace: string) => kube.list('apps/v1', kind, { namespace })

describe('tenant lifecycle on the real API server', () => {
  it(
    'free sign-up → ready with every step timed; change to pro → quota and replicas follow; ' +
      'suspend keeps volumes; resume; deprovision leaves nothing of ours',
    async () => {
      const { org, tenantId } = await newTenant(database.db, 'free')
      const namespace = `tenant-${org.slug}`
      const ready = await waitForState(database.db, tenantId, ['ACTIVE', 'FAILED'], 240_000)
      const run = await finishedRun(database.db, tenantId, 'PROVISION')
      expect(run.error).toBeNull()
      expect(ready.state).toBe('ACTIVE')
      expect(run.steps.map((s) => [s.name, s.status])).toEqual(PROVISION_STEPS.map((n) => [n, 'SUCCEEDED']))
      for (const step of run.steps) expect(step.durationMs).toBeGreaterThanOrEqual(0)
      expect(run.steps.find((s) => s.name === 'wait-app')!.message).toMatch(/Deployment .*: 1\/1 ready/)

      const ns = await kube.get({ apiVersion: 'v1', kind: 'Namespace', name: namespace })
      expect(ns!.metadata.labels).toMatchObject({
        [LABELS.managedBy]: 'tenancy',
        [LABELS.tenant]: tenantId,
        'pod-security.kubernetes.io/enforce': 'restricted',
      })
      const quota = () => kube.get({ apiVersion: 'v1', kind: 'ResourceQuota', name: 'tenant-quota', namespace })
      expect(spec<{ hard: Record<string, string> }>(await quota()).hard['requests.storage']).toBe('10Gi')
      const claims = await kube.list('v1', 'PersistentVolumeClaim', { namespace })
      expect(claims.map((c) => c.metadata.name).sort()).toContain('data-postgres-0')

      // The console's live view reads the same objects.
      const live = await getClusterObjects({ tenantId })
      expect(live).toMatchObject({
        mode: 'live',
        available: true,
        namespace: { name: namespace, phase: 'Active', podSecurity: 'restricted' },
      })
      expect(live.quota).toContainEqual(expect.objectContaining({ resource: 'requests.storage', hard: '10Gi' }))
      expect(live.workloads!.every((w) => w.ready === w.desired && w.desired > 0)).toBe(true)
      expect(live.claims).toContainEqual(expect.objectContaining({ name: 'data-postgres-0', phase: 'Bound' }))
      expect(live.networkPolicies).toContain('default-deny')

      // Upgrade to pro.
      await jobs.send({ name: 'tenant/plan-change.requested', data: { tenantId, toPlanId: 'pro' } })
      const change = await finishedRun(database.db, tenantId, 'CHANGE_PLAN', 240_000)
      expect(change.error).toBeNull()
      expect(spec<{ hard: Record<string, string> }>(await quota()).hard['requests.storage']).toBe('50Gi')
      // the claims the free plan created grow to pro's sizes (the simulated storage class allows expansion)
      const proSizes = planClaimSizes(await loadTenant(tenantId))
      const grownClaims = await kube.list('v1', 'PersistentVolumeClaim', { namespace })
      for (const name of ['app-data', 'data-postgres-0']) {
        const grown = grownClaims.find((c) => c.metadata.name === name)
        expect(spec<{ resources: { requests: { storage: string } } }>(grown!).resources.requests.storage, name).toBe(proSizes.get(name))
      }
      expect(change.steps.find((s) => s.name === 'resize-volumes')!.message).toMatch(/^Grown: app-data .* → .*, data-postgres-0 .* → /)
      const [app] = await workload('Deployment', namespace)
      expect(spec<{ replicas: number }>(app!).replicas).toBe(2)
      expect((await database.db.tenant.findUniqueOrThrow({ where: { id: tenantId } })).planId).toBe('pro')

      // Suspend: replicas 0, volumes kept.
      await jobs.send({ name: 'tenant/suspend.requested', data: { tenantId, reason: 'trial expired' } })
      await waitForState(database.db, tenantId, ['SUSPENDED', 'FAILED'], 120_000)
      for (const w of [...(await workload('Deployment', namespace)), ...(await workload('StatefulSet', namespace))]) {
        expect(spec<{ replicas: number }>(w).replicas).toBe(0)
      }
      expect(await kube.list('v1', 'Pod', { namespace })).toEqual([])
      const kept = await kube.list('v1', 'PersistentVolumeClaim', { namespace })
      expect(kept.map((c) => c.metadata.name)).toEqual(expect.arrayContaining(claims.map((c) => c.metadata.name)))
      expect(kept.every((c) => (c.status as { phase?: string }).phase === 'Bound')).toBe(true)

      // Resume.
      await jobs.send({ name: 'tenant/resume.requested', data: { tenantId } })
      expect((await waitForState(database.db, tenantId, ['ACTIVE', 'FAILED'], 120_000)).state).toBe('ACTIVE')
      const [resumed] = await workload('Deployment', namespace)
      expect(spec<{ replicas: number }>(resumed!).replicas).toBe(2)

      // Deprovision.
      await jobs.send({ name: 'tenant/deprovision.requested', data: { tenantId } })
      expect((await waitForState(database.db, tenantId, ['DEPROVISIONED', 'FAILED'], 180_000)).state).toBe('DEPROVISIONED')
      expect(await kube.get({ apiVersion: 'v1', kind: 'Namespace', name: namespace })).toBeNull()
      const ours = await kube.list('v1', 'Namespace', { labelSelector: tenantSelector(tenantId) })
      expect(ours).toEqual([])
    },
  )

  it('a pod that never becomes ready times out naming it; the tenant is FAILED; retry succeeds once the fault is cleared', async () => {
    const { org, tenantId } = await newTenant(database.db, 'demo')
    const namespace = `tenant-${org.slug}`
    await setFailingPods([`${namespace}/instance-app`, `${namespace}/app`])
    await waitForState(database.db, tenantId, ['FAILED', 'ACTIVE'], 240_000)
    const failed = await finishedRun(database.db, tenantId, 'PROVISION')
    expect(failed.status).toBe('FAILED')
    const step = failed.steps.find((s) => s.name === 'wait-app')!
    expect(step.status).toBe('FAILED')
    expect(step.message).toMatch(new RegExp(`Deployment ${namespace}/\\S+ did not become ready within 12 ?s`))
    await setFailingPods([])
    await retryProvisioning({ orgId: org.id, userId: org.owner.id })
    expect((await waitForState(database.db, tenantId, ['ACTIVE', 'FAILED'], 240_000)).state).toBe('ACTIVE')
    await jobs.send({ name: 'tenant/deprovision.requested', data: { tenantId } })
    await waitForState(database.db, tenantId, ['DEPROVISIONED'], 180_000)
  })

  it('the reconciler reports a namespace labelled ours with no tenant, and re-applies a guardrail removed by hand', async () => {
    const orphan = `tenant-orphan-${Date.now().toString(36)}`
    await kube.apply({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: orphan, labels: { [LABELS.managedBy]: 'tenancy', [LABELS.tenant]: 'gone' } },
    })
    const { org, tenantId } = await newTenant(database.db, 'free')
    const namespace = `tenant-${org.slug}`
    await waitForState(database.db, tenantId, ['ACTIVE'], 240_000)
    await kube.delete({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', name: 'default-deny', namespace })

    const findings = await inspectFleet(target)
    expect(findings).toContainEqual(expect.objectContaining({ kind: 'ORPHAN_NAMESPACE', namespace: orphan }))
    const drift = findings.find((f) => f.kind === 'DRIFT' && f.namespace === namespace)
    expect(drift?.detail).toMatch(/NetworkPolicy .*default-deny is missing/)
    expect(await kube.get({ apiVersion: 'networking.k8s.io/v1', kind: 'NetworkPolicy', name: 'default-deny', namespace })).not.toBeNull()
    expect((await inspectFleet(target)).filter((f) => f.namespace === namespace)).toEqual([])

    await kube.delete({ apiVersion: 'v1', kind: 'Namespace', name: orphan })
    await jobs.send({ name: 'tenant/deprovision.requested', data: { tenantId } })
    await waitForState(database.db, tenantId, ['DEPROVISIONED'], 180_000)
  })
})

describe('a worker killed during provisioning', () => {
  let child: ChildProcess | undefined
  afterEach(() => child?.kill('SIGKILL'))

  it('resumes in a new worker and finishes: no duplicate objects, nothing orphaned', async () => {
    if (!database.url) throw new Error('This test needs the PostgreSQL server: run npm run test:cluster with DATABASE_URL set')
    await harness.runner.stop() // the worker processes do the work here
    const { org, tenantId } = await newTenant(database.db, 'free')
    const namespace = `tenant-${org.slug}`
    const worker = () =>
      spawn(process.execPath, ['--import', 'tsx', 'scripts/worker.ts'], {
        env: {
          ...process.env,
          DATABASE_URL: database.url,
          CLUSTER_MODE: 'kubeconfig',
          KUBECONFIG: clusterKubeconfigPath(),
          LOG_LEVEL: 'error',
        },
        stdio: 'ignore',
      })
    child = worker()
    // Kill it as soon as the release is installed, while it waits for the database.
    await until(
      () => database.db.provisioningStep.findFirst({ where: { run: { tenantId }, name: 'wait-database' } }),
      (s) => s !== null,
      180_000,
    )
    child.kill('SIGKILL')
    await new Promise((r) => child!.once('exit', r))
    child = worker()
    expect((await waitForState(database.db, tenantId, ['ACTIVE', 'FAILED'], 240_000)).state).toBe('ACTIVE')
    child.kill('SIGTERM')

    const runs = await database.db.provisioningRun.findMany({ where: { tenantId }, include: { steps: true } })
    expect(runs).toHaveLength(1)
    expect(runs[0]!.steps.filter((s) => s.name === 'helm-install')).toHaveLength(1)
    expect(runs[0]!.steps.find((s) => s.name === 'helm-install')!.attempt).toBe(1)
    const selector = { namespace, labelSelector: tenantSelector(tenantId) }
    expect(await kube.list('apps/v1', 'Deployment', selector)).toHaveLength(1)
    expect(await kube.list('apps/v1', 'StatefulSet', selector)).toHaveLength(1)
    expect((await kube.list('v1', 'Secret', { namespace })).filter((s) => s.metadata.name === 'instance-credentials')).toHaveLength(1)
    const releases = await new HelmCli({ kubeconfig: clusterKubeconfigPath() }).status('instance', namespace)
    expect(releases?.status).toBe('deployed')
    expect((await inspectFleet(target)).filter((f) => f.kind === 'ORPHAN_NAMESPACE' && f.namespace.startsWith('tenant-'))).toEqual([])
    const ours = await kube.list('v1', 'Namespace', { labelSelector: MANAGED_SELECTOR })
    expect(ours.filter((n) => n.metadata.labels?.[LABELS.tenant] === tenantId)).toHaveLength(1)
  })
})
