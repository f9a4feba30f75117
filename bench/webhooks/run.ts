/**
 * bench/webhooks — the Stripe webhook route under 50 concurrent deliveries: signature check with
 * the SDK, ledger insert, processing queued. The route is served over HTTP as Next would; the
 * jobs go to the embedded engine (recorded, not run: this measures the handler).
 * usage: npm run bench:webhooks [-- --deliveries 2000 --concurrency 50 --no-queue]   (PostgreSQL when DATABASE_URL is set)
 */
import crypto from 'node:crypto'
import Stripe from 'stripe'
import { JobEngine } from '../../lib/jobs/engine'
import { configureJobs } from '../../lib/jobs/jobs'
import { resetEnvCache } from '../../lib/env'
import { serveWebhookRoute } from '../../lib/billing/testing/stripe-harness'
import { createTestDatabase } from '../../lib/testing/test-db'
import { jobFunctions } from '../../inngest/functions'
import { numberArg, percentile } from '../lib/args'

const DELIVERIES = numberArg('deliveries', 2000)
const CONCURRENCY = numberArg('concurrency', 50)
const secret = `whsec_${crypto.randomBytes(16).toString('hex')}`
Object.assign(process.env, { STRIPE_SECRET_KEY: 'sk_test_bench', STRIPE_WEBHOOK_SECRET: secret, LOG_LEVEL: 'error' })
resetEnvCache()

const database = await createTestDatabase()
// --no-queue: a backend that accepts events without writing them (the handler's own cost).
const queue = !process.argv.includes('--no-queue')
configureJobs(queue ? new JobEngine(database.db, jobFunctions) : { send: async (events) => events.map((e) => e.id ?? '') })
const route = await serveWebhookRoute()
const types = ['customer.subscription.updated', 'invoice.paid', 'invoice.payment_failed', 'checkout.session.completed', 'some.unknown.type']
const bodies = Array.from({ length: DELIVERIES }, (_, i) => {
  const payload = JSON.stringify({ id: `evt_bench_${i}`, object: 'event', type: types[i % types.length], created: Math.floor(Date.now() / 1000), livemode: false, data: { object: { id: `obj_${i}`, customer: `cus_${i % 500}` } } })
  return { payload, signature: Stripe.webhooks.generateTestHeaderString({ payload, secret }) }
})

const latencies: number[] = []
let next = 0
let failures = 0
const started = performance.now()
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (next < bodies.length) {
      const { payload, signature } = bodies[next++]!
      const t = performance.now()
      const response = await fetch(route.url, { method: 'POST', headers: { 'content-type': 'application/json', 'stripe-signature': signature }, body: payload })
      await response.text()
      latencies.push(performance.now() - t)
      if (response.status !== 200) failures++
    }
  }),
)
const seconds = (performance.now() - started) / 1000
const ledger = await database.db.stripeEvent.count()
console.log(`database: ${database.kind}; ${DELIVERIES} deliveries, ${CONCURRENCY} concurrent; processing ${queue ? 'queued on the embedded engine' : 'not queued (--no-queue)'}`)
console.log(`p50 ${percentile(latencies, 50).toFixed(1)} ms · p95 ${percentile(latencies, 95).toFixed(1)} ms · max ${Math.max(...latencies).toFixed(1)} ms · ${(DELIVERIES / seconds).toFixed(0)} deliveries/s · non-200: ${failures} · ledger rows: ${ledger}`)
await route.close()
configureJobs(undefined)
await database.close()
