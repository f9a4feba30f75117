/**
 * bench/provision — the provisioning workflow against the local Kubernetes cluster
 * (npm run cluster:up first), with the real job functions on the embedded runner and the real
 * helm binary:
 *   guardrails   event sent → namespace + guardrails applied, tenants one at a time: p50/p95
 *   full         a whole provisioning one at a time, and the same without the two waits for
 *                workloads to start (the node simulator's speed, not ours): p50/p95
 *   concurrent   N tenants requested at once: wall time, errors, Kubernetes API requests per
 *                tenant (client-node requests; helm's own are not counted)
 * usage: npm run bench:provision [-- --sequential 10 --concurrent 50]   (DATABASE_URL: PostgreSQL, else PGlite)
 */
import { HelmCli } from '../../lib/helm/helm'
import { createKubeClient } from '../../lib/k8s/client'
import { clusterKubeconfigPath } from '../../lib/k8s/testing/cluster'
import { jobs } from '../../lib/jobs/jobs'
import { createTestDatabase } from '../../lib/testing/test-db'
import { finishedRun, newTenant, startHarness, waitForState } from '../../lib/provisioning/testing/harness'
import { numberArg, percentile } from '../lib/args'

const SEQUENTIAL = numberArg('sequential', 10)
const CONCURRENT = numberArg('concurrent', 50)
const ms = (n: number) => `${Math.round(n)} ms`

async function main() {
  const kubeconfig = clusterKubeconfigPath()
  const database = await createTestDatabase()
  const kube = createKubeClient({ kubeconfigPath: kubeconfig })
  const target = { mode: 'live' as const, kube, helm: new HelmCli({ kubeconfig }) }
  const harness = startHarness(database.db, target, { maxConcurrent: Math.max(CONCURRENT, 4) })
  const created: string[] = []
  console.log(
    `bench/provision: ${database.url ? 'PostgreSQL' : 'PGlite'}, local cluster, ${SEQUENTIAL} sequential + ${CONCURRENT} concurrent ` +
      `tenants`,
  )
  try {
    const toGuardrails: number[] = []
    const full: number[] = []
    const withoutWaits: number[] = []
    for (let i = 0; i < SEQUENTIAL; i++) {
      const sentAt = Date.now()
      const { tenantId } = await newTenant(database.db, 'free')
      created.push(tenantId)
      const tenant = await waitForState(database.db, tenantId, ['ACTIVE', 'FAILED'], 300_000)
      if (tenant.state !== 'ACTIVE') throw new Error(`tenant ${tenantId} failed`)
      const run = await finishedRun(database.db, tenantId, 'PROVISION', 300_000)
      const step = (name: string) => run.steps.find((s) => s.name === name)!
      toGuardrails.push(step('guardrails').finishedAt!.getTime() - sentAt)
      const total = run.finishedAt!.getTime() - sentAt
      full.push(total)
      withoutWaits.push(total - step('wait-database').durationMs! - step('wait-app').durationMs!)
    }
    console.log(`event → namespace + guardrails   p50 ${ms(percentile(toGuardrails, 50))}   p95 ${ms(percentile(toGuardrails, 95))}`)
    console.log(`full provisioning                p50 ${ms(percentile(full, 50))}   p95 ${ms(percentile(full, 95))}`)
    console.log(`  without waiting for workloads  p50 ${ms(percentile(withoutWaits, 50))}   p95 ${ms(percentile(withoutWaits, 95))}`)

    const before = kube.requestCount()
    const started = Date.now()
    const batch = await Promise.all(Array.from({ length: CONCURRENT }, () => newTenant(database.db, 'free')))
    created.push(...batch.map((b) => b.tenantId))
    const states = await Promise.all(batch.map((b) => waitForState(database.db, b.tenantId, ['ACTIVE', 'FAILED'], 900_000)))
    const wall = Date.now() - started
    const errors = states.filter((t) => t.state !== 'ACTIVE').length
    console.log(
      `${CONCURRENT} concurrent tenants          wall ${(wall / 1000).toFixed(1)} s   errors ${errors}   API requests/tenant ` +
        `${((kube.requestCount() - before) / CONCURRENT).toFixed(1)}`,
    )
  } finally {
    for (const tenantId of created) await jobs.send({ name: 'tenant/deprovision.requested', data: { tenantId } })
    await Promise.all(created.map((id) => waitForState(database.db, id, ['DEPROVISIONED', 'FAILED'], 900_000).catch(() => undefined)))
    await harness.stop()
    await database.close()
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
