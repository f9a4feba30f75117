/**
 * bench/jobs — the embedded runner on PGlite and on PostgreSQL, side by side in one run:
 *   throughput  N no-op runs (one step each) sent at once, runs completed per second
 *   latency     events sent one by one (25 ms apart), time from send to the first step starting, p50/p95
 * usage: npm run bench:jobs [-- --runs 500 --latency 100]   (PostgreSQL: DATABASE_URL or 127.0.0.1:5432)
 */
import type { TestDatabase } from '../../lib/testing/test-db'
import { JobEngine } from '../../lib/jobs/engine'
import { Runner } from '../../lib/jobs/runner'
import { fixturesWithoutCron } from '../../lib/jobs/testing/fixtures'
import { silentLogger } from '../../lib/log/logger'
import { numberArg, percentile } from '../lib/args'
import { forEachDatabase } from '../lib/databases'

const RUNS = numberArg('runs', 500)
const LATENCY_SAMPLES = numberArg('latency', 100)

async function measure(database: TestDatabase) {
  const engine = new JobEngine(
    database.db,
    fixturesWithoutCron(database.db).filter((f) => f.id === 'test-noop'),
  )
  const runner = new Runner(engine, { logger: silentLogger, heartbeat: false }).start()
  try {
    const done = () => database.db.jobRun.count({ where: { functionId: 'test-noop', status: 'SUCCEEDED' } })
    // throughput
    const started = performance.now()
    await engine.send(Array.from({ length: RUNS }, () => ({ name: 'test/noop.requested', data: { sentAt: Date.now() } })))
    while ((await done()) < RUNS) await new Promise((r) => setTimeout(r, 20))
    const perSecond = RUNS / ((performance.now() - started) / 1000)
    // latency, one event at a time
    for (let i = 0; i < LATENCY_SAMPLES; i++) {
      await engine.send({ name: 'test/noop.requested', data: { sentAt: Date.now() } })
      await new Promise((r) => setTimeout(r, 25))
    }
    while ((await done()) < RUNS + LATENCY_SAMPLES) await new Promise((r) => setTimeout(r, 20))
    const steps = await database.db.jobStep.findMany({ where: { stepId: 'first' }, orderBy: { startedAt: 'desc' }, take: LATENCY_SAMPLES })
    const latencies = steps.map((s) => (s.output as { v: { latencyMs: number } }).v.latencyMs)
    return { perSecond, p50: percentile(latencies, 50), p95: percentile(latencies, 95) }
  } finally {
    await runner.stop()
  }
}

async function main() {
  console.log(`bench/jobs: embedded runner, ${RUNS} no-op runs for throughput, ${LATENCY_SAMPLES} single events for latency`)
  const rows: string[] = []
  await forEachDatabase(
    async (name, database) => {
      const r = await measure(database)
      rows.push(`${name.padEnd(24)}${r.perSecond.toFixed(0).padStart(10)}${r.p50.toFixed(0).padStart(10)}${r.p95.toFixed(0).padStart(10)}`)
    },
    (name, reason) => rows.push(`${name.padEnd(24)} skipped: ${reason}`),
  )
  console.log(`\n${'target'.padEnd(24)}${'runs/s'.padStart(10)}${'p50 ms'.padStart(10)}${'p95 ms'.padStart(10)}`)
  for (const row of rows) console.log(row)
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error)
    process.exit(1)
  },
)
