/**
 * Provisioning tests' shared setup: the real job functions on an embedded runner, a cluster
 * target, organizations with owners, and waits on tenant states and run outcomes.
 */
import type { Db, TenantState } from '../../db'
import { JobEngine } from '../../jobs/engine'
import { configureJobs } from '../../jobs/jobs'
import { Runner } from '../../jobs/runner'
import { KubeError, type KubeObject, type KubePort } from '../../k8s/port'
import { silentLogger } from '../../log/logger'
import { createOrgWithOwner, type TestOrg } from '../../orgs/testing/fixtures'
import { until } from '../../testing/until'
import { jobFunctions } from '../../../workflows'
import { requestProvisioning } from '../request-provisioning'
import { configureCluster, type ClusterTarget } from '../target'

export interface Harness {
  engine: JobEngine
  runner: Runner
  stop(): Promise<void>
}

export function startHarness(db: Db, target: ClusterTarget, options: { runner?: boolean; maxConcurrent?: number } = {}): Harness {
  configureCluster(target)
  const engine = new JobEngine(db, jobFunctions)
  configureJobs(engine)
  const runner = new Runner(engine, {
    pollMs: 25,
    heartbeat: false,
    logger: silentLogger,
    backoff: { baseMs: 50, maxMs: 200 },
    maxConcurrent: options.maxConcurrent,
  })
  if (options.runner !== false) runner.start()
  return {
    engine,
    runner,
    async stop() {
      await runner.stop()
      configureJobs(undefined)
    },
  }
}

/** The steps of a provisioning run, in order (workflows/provisioning/provision-tenant.ts). */
export const PROVISION_STEPS = [
  'validate',
  'namespace',
  'guardrails',
  'secrets',
  'helm-install',
  'wait-database',
  'wait-app',
  'health',
  'ingress',
  'record',
  'notify',
] as const

export async function newTenant(db: Db, planId: string, slug?: string): Promise<{ org: TestOrg; tenantId: string }> {
  const org = await createOrgWithOwner(db, slug ? { slug } : {})
  const { tenantId } = await requestProvisioning({ orgId: org.id, slug: org.slug, planId, requestedBy: org.owner.id })
  return { org, tenantId }
}

export async function waitForState(db: Db, tenantId: string, states: TenantState[], timeoutMs = 60_000) {
  return until(
    () => db.tenant.findUniqueOrThrow({ where: { id: tenantId } }),
    (t) => states.includes(t.state),
    timeoutMs,
  )
}

/** The latest run of a kind, once it has finished, with its steps in order. */
export async function finishedRun(
  db: Db,
  tenantId: string,
  kind: 'PROVISION' | 'CHANGE_PLAN' | 'CHANGE_DOMAIN' | 'SUSPEND' | 'RESUME' | 'DEPROVISION',
  timeoutMs = 60_000,
) {
  return until(
    () =>
      db.provisioningRun.findFirst({
        where: { tenantId, kind },
        orderBy: { startedAt: 'desc' },
        include: { steps: { orderBy: { position: 'asc' } } },
      }),
    (r) => r !== null && r.status !== 'RUNNING',
    timeoutMs,
  ).then((r) => r!)
}

/** A KubePort that fails chosen calls: `fail(predicate, error, times)`; everything else passes through. */
export function withFaults(
  inner: KubePort,
): KubePort & { fail(when: (op: string, object?: KubeObject) => boolean, error: KubeError, times?: number): void; clear(): void } {
  let faults: { when: (op: string, object?: KubeObject) => boolean; error: KubeError; left: number }[] = []
  const check = (op: string, object?: KubeObject) => {
    const fault = faults.find((f) => f.left > 0 && f.when(op, object))
    if (fault) {
      fault.left--
      throw fault.error
    }
  }
  return {
    apply: async (object, options) => (check('apply', object), inner.apply(object, options)),
    get: async (ref) => (check('get'), inner.get(ref)),
    list: async (...args) => (check('list'), inner.list(...args)),
    patch: async (ref, patch) => (check('patch'), inner.patch(ref, patch)),
    delete: async (ref, options) => (check('delete'), inner.delete(ref, options)),
    waitFor: async (ref, done, options) => (check('waitFor'), inner.waitFor(ref, done, options)),
    ping: async () => (check('ping'), inner.ping()),
    proxyGet: async (...args) => (check('proxyGet'), inner.proxyGet(...args)),
    fail(when, error, times = Number.POSITIVE_INFINITY) {
      faults.push({ when, error, left: times })
    },
    clear() {
      faults = []
    },
  }
}
