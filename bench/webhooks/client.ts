/**
 * bench/webhooks' load generator, a child process of run.ts: signs and posts deliveries to the
 * route, so that the client's own work (fetch, signing, bookkeeping) is neither run on the
 * server's event loop nor counted in the server process's CPU time. One phase per message:
 * `count` deliveries with at most `concurrency` in flight; it answers with each delivery's
 * latency (in the order they started) and the phase's wall time.
 */
import Stripe from 'stripe'

export interface PhaseRequest {
  url: string
  secret: string
  from: number
  count: number
  concurrency: number
}
export interface PhaseResult {
  latencies: number[]
  wallMs: number
  failures: number
}

const TYPES = ['customer.subscription.updated', 'invoice.paid', 'invoice.payment_failed', 'checkout.session.completed', 'some.unknown.type']

async function runPhase({ url, secret, from, count, concurrency }: PhaseRequest): Promise<PhaseResult> {
  const latencies: number[] = []
  let next = from
  let failures = 0
  const started = performance.now()
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (next < from + count) {
        const i = next++
        const payload = JSON.stringify({
          id: `evt_bench_${i}`,
          object: 'event',
          type: TYPES[i % TYPES.length],
          created: Math.floor(Date.now() / 1000),
          livemode: false,
          data: { object: { id: `obj_${i}`, customer: `cus_${i % 500}` } },
        })
        const signature = Stripe.webhooks.generateTestHeaderString({ payload, secret })
        const t = performance.now()
        const response = await fetch(url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'stripe-signature': signature },
          body: payload,
        })
        await response.text()
        latencies[i - from] = performance.now() - t
        if (response.status !== 200) failures++
      }
    }),
  )
  return { latencies, wallMs: performance.now() - started, failures }
}

process.on('message', async (request: PhaseRequest) => process.send!(await runPhase(request)))
