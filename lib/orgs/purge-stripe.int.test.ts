// The purge with billing `stripe`: the real SDK against the Stripe test server (e2e/stripe), its signed
// webhooks to the real route, the real jobs on the embedded runner with the dry-run cluster. An
// organization that went through Checkout (trialing, its instance provisioned) and was deleted 31 days
// ago has its Stripe subscription cancelled through the port, then is purged like any other.
import { afterAll, beforeAll, expect, it } from 'vitest'
import { createCheckoutSession } from '../billing/create-checkout-session'
import { startSubscription } from '../billing/start-subscription'
import { startBillingHarness, type BillingHarness } from '../billing/testing/stripe-harness'
import { setClockOffset } from '../clock'
import { stripePort } from '../stripe/sdk'
import { useTestDatabase } from '../testing/use-test-database'
import { until } from '../testing/until'
import { sweepDeletionsJob } from '../../workflows/orgs/sweep-deletions'
import { requestOrganizationDeletion } from './delete-organization'
import { PURGED_ACTION } from './purge-organization'
import { createOrgWithOwner, createUser } from './testing/fixtures'
import { findStrings } from './testing/find-strings'

const database = useTestDatabase({ jobs: false })
let h: BillingHarness

beforeAll(async () => {
  h = await startBillingHarness(database.db)
})
afterAll(async () => {
  setClockOffset(undefined)
  await h?.stop()
})

it('cancels the Stripe subscription through the port, deprovisions, and leaves no personal data', async () => {
  const db = database.db
  const owner = await createUser(db, { email: 'stripe.owner@paying.test', name: 'Stella Stripeowner' })
  const org = await createOrgWithOwner(db, { name: 'Paying Customer', slug: 'paying-9910', owner })
  await startSubscription({ orgId: org.id, planId: 'pro', awaitsCheckout: true })
  const { url } = await createCheckoutSession({ orgId: org.id, userId: owner.id }, stripePort())
  const { subscriptionId } = await h.stripe.completeCheckout(url.split('/').at(-1)!)
  const tenant = await until(
    () => db.tenant.findFirst({ where: { orgId: org.id } }),
    (t) => t?.state === 'ACTIVE',
    60_000,
  )

  setClockOffset(-31 * 86_400_000)
  await requestOrganizationDeletion({ orgId: org.id, userId: owner.id, confirmation: org.slug })
  setClockOffset(undefined)
  const tick = new Date()
  await h.jobs.engine.createRun(sweepDeletionsJob, {
    id: `cron:${sweepDeletionsJob.id}:${tick.toISOString()}`,
    name: 'inngest/scheduled.timer',
    data: { cron: '17 * * * *', tick: tick.toISOString() },
    ts: tick.getTime(),
  })
  h.jobs.engine.wake.emit('work')
  const purged = await until(
    () => db.organization.findUniqueOrThrow({ where: { id: org.id } }),
    (o) => o.purgedAt !== null,
    120_000,
  )

  expect(h.stripe.state.subscriptions.get(subscriptionId)).toMatchObject({ status: 'canceled' })
  expect(await db.subscription.findUniqueOrThrow({ where: { orgId: org.id } })).toMatchObject({
    status: 'CANCELED',
    stripeSubscriptionId: subscriptionId,
  })
  expect(purged.stripeCustomerId).not.toBeNull()
  expect(await db.tenant.count({ where: { id: tenant!.id } })).toBe(0)
  const entry = await db.auditLog.findFirstOrThrow({ where: { orgId: org.id, action: PURGED_ACTION } })
  expect(entry.after).toMatchObject({ subscription: 'stripe-canceled', users: 1, tenants: 1 })
  // Stripe's webhook for the cancellation is handled too, and brings nothing personal back.
  await until(
    () => db.stripeEvent.count({ where: { type: 'customer.subscription.deleted', status: { in: ['RECEIVED'] } } }),
    (n) => n === 0,
    30_000,
  )
  expect(await findStrings(database.sql, [owner.email, 'Stella Stripeowner', 'Paying Customer'])).toEqual([])
})
