/**
 * bench/webhooks — the Stripe webhook route: signature check with the SDK, ledger insert,
 * processing queued. The route is served over HTTP as Next would; the jobs go to the embedded
 * engine (recorded, not run: this measures the handler). The load generator is a child process
 * (client.ts): in this process its fetches and signing ran on the server's event loop and were
 * counted as the handler's time.
 *
 * Phases: a warm-up (the first delivery of a process loads the SDK, Prisma's query compiler and
 * the route; not counted), deliveries one at a time (the handler's own latency), then N
 * deliveries with `concurrency` in flight. The server runs on one thread (on PGlite the database
 * too), so under concurrency a delivery's latency is mostly its wait behind the others: mean
 * latency ≈ in flight ÷ throughput (Little's law), and throughput ≈ 1 ÷ the server's CPU time
 * per delivery — the figure a change to the handler moves, printed for each phase.
 *
 * usage: npm run bench:webhooks [-- --deliveries 2000 --concurrency 50 --sequential 200 --warmup 200 --no-queue]
 *        (PostgreSQL when DATABASE_URL is set, else PGlite)
 */
import crypto from 'node:crypto'
import { fork } from 'node:child_process'
import { performance } from 'node:perf_hooks'
import { fileURLToPath } from 'node:url'
import { JobEngine } from '../../lib/jobs/engine'
import { configureJobs } from '../../lib/jobs/jobs'
import { resetEnvCache } from '../../lib/env'
import { serveWebhookRoute } from '../../lib/billing/testing/stripe-harness'
import { createTestDatabase } from '../../lib/testing/test-db'
import { jobFunctions } from '../../workflows'
import { numberArg, percentile } from '../lib/args'
import type { PhaseRequest, PhaseResult } from './client'

const DELIVERIES = numberArg('deliveries', 2000)
const CONCURRENCY = numberArg('concurrency', 50)
const SEQUENTIAL = numberArg('sequential', 200)
const WARMUP = numberArg('warmup', 200)
const secret = `whsec_${crypto.randomBytes(16).toString('hex')}`
Object.assign(process.env, { STRIPE_SECRET_KEY: 'sk_test_bench', STRIPE_WEBHOOK_SECRET: secret, LOG_LEVEL: 'error' })
resetEnvCache()

const database = await createTestDatabase()
// --no-queue: a backend that accepts events without writing them (the handler's own cost).
const queue = !process.argv.includes('--no-queue')
configureJobs(queue ? new JobEngine(database.db, jobFunctions) : { send: async (events) => events.map((e) => e.id ?? '') })
const route = await serveWebhookRoute()
const client = fork(fileURLToPath(new URL('./client.ts', import.meta.url)), { execArgv: ['--import', 'tsx'] })

let from = 0
async function phase(count: number, concurrency: number) {
  const elu = performance.eventLoopUtilization()
  const cpu = process.cpuUsage()
  const result = await new Promise<PhaseResult>((resolve, reject) => {
    client.once('message', (m) => resolve(m as PhaseResult))
    client.once('error', reject)
    client.send({ url: route.url, secret, from, count, concurrency } satisfies PhaseRequest)
  })
  const used = process.cpuUsage(cpu)
  const busy = performance.eventLoopUtilization(elu)
  from += count
  const { latencies, wallMs, failures } = result
  return {
    p50: percentile(latencies, 50),
    p95: percentile(latencies, 95),
    max: Math.max(...latencies),
    first: latencies[0]!,
    perSecond: count / (wallMs / 1000),
    busyMs: busy.active / count,
    cpuMs: (used.user + used.system) / 1000 / count,
    utilisation: busy.utilization,
    failures,
  }
}
const ms = (x: number) => `${x.toFixed(1)} ms`
const line = (label: string, r: Awaited<ReturnType<typeof phase>>) =>
  console.log(
    `${label.padEnd(28)} p50 ${ms(r.p50)} · p95 ${ms(r.p95)} · max ${ms(r.max)} · ${r.perSecond.toFixed(0)}/s · server: ${ms(r.cpuMs)} ` +
      `CPU per delivery, event loop ${(r.utilisation * 100).toFixed(0)} % busy · non-200: ${r.failures}`,
  )

const warm = await phase(WARMUP, Math.min(CONCURRENCY, WARMUP))
const sequential = await phase(SEQUENTIAL, 1)
const concurrent = await phase(DELIVERIES, CONCURRENCY)
const ledger = await database.db.stripeEvent.count()
console.log(
  `database: ${database.kind}; processing ${queue ? 'queued on the embedded engine' : 'not queued (--no-queue)'}; first delivery of the ` +
    `process ${ms(warm.first)} (warm-up of ${WARMUP}, not counted)`,
)
line('one at a time', sequential)
line(`${CONCURRENCY} concurrent`, concurrent)
console.log(
  `${CONCURRENCY} in flight ÷ ${concurrent.perSecond.toFixed(0)}/s = ${ms((CONCURRENCY / concurrent.perSecond) * 1000)}: the wait behind ` +
    `the other deliveries (Little's law)`,
)
console.log(`ledger rows: ${ledger} (expected ${WARMUP + SEQUENTIAL + DELIVERIES})`)
client.kill()
await route.close()
configureJobs(undefined)
await database.close()
