// Stripe webhooks end to end: the real SDK against the Stripe test server, signed deliveries to
// the real route handler, the ledger, the processing job on the embedded runner, and the
// provisioning workflows on the dry-run cluster.
import Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createOrgWithOwner, type TestOrg } from '../orgs/testing/fixtures'
import { stripePort } from '../stripe/sdk'
import { useTestDatabase } from '../testing/use-test-database'
import { until } from '../testing/until'
import { createCheckoutSession } from './create-checkout-session'
import { startSubscription } from './start-subscription'
import { startBillingHarness, type BillingHarness } from './testing/stripe-harness'

const database = useTestDatabase({ jobs: false })
let h: BillingHarness

beforeAll(async () => {
  h = await startBillingHarness(database.db)
})
afterAll(async () => {
  await h?.stop()
})

const DAY = 86_400_000

async function post(body: string, signature: string | null) {
  const response = await fetch(h.webhookUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(signature ? { 'stripe-signature': signature } : {}) },
    body,
  })
  return { status: response.status, body: await response.json() }
}

function sign(payload: string, timestamp?: number, secret = h.webhookSecret) {
  return Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp })
}

/** An organization on pro that went through Checkout; events held back for the test to deliver. */
async function checkedOut(
  options: { hold?: boolean } = {},
): Promise<{ org: TestOrg; subscriptionId: string; events: Record<string, unknown>[] }> {
  const org = await createOrgWithOwner(database.db)
  await startSubscription({ orgId: org.id, planId: 'pro', awaitsCheckout: true })
  const { url } = await createCheckoutSession({ orgId: org.id, userId: org.owner.id }, stripePort())
  const sessionId = url.split('/').at(-1)!
  const before = h.stripe.events.length
  h.stripe.holdDeliveries = options.hold ?? false
  try {
    const { subscriptionId } = await h.stripe.completeCheckout(sessionId)
    return { org, subscriptionId, events: h.stripe.events.slice(before) }
  } finally {
    h.stripe.holdDeliveries = false
  }
}

describe('the webhook route', () => {
  it('refuses a bad signature with 400 and writes nothing', async () => {
    const payload = JSON.stringify({
      id: 'evt_forged',
      object: 'event',
      type: 'invoice.paid',
      created: Math.floor(Date.now() / 1000),
      data: { object: { id: 'in_1', customer: 'cus_1' } },
    })
    const jobEventsBefore = await database.db.jobEvent.count()
    expect((await post(payload, sign(payload, undefined, 'whsec_someone_else'))).status).toBe(400)
    expect((await post(payload, null)).status).toBe(400)
    expect((await post(payload.replace('invoice.paid', 'invoice.payment_failed'), sign(payload))).status).toBe(400)
    expect(await database.db.stripeEvent.count({ where: { id: 'evt_forged' } })).toBe(0)
    expect(await database.db.jobEvent.count()).toBe(jobEventsBefore)
  })

  it('refuses a correctly signed delivery older than 5 minutes with 400, accepts one just inside', async () => {
    const payload = JSON.stringify({
      id: 'evt_old',
      object: 'event',
      type: 'ping.unknown',
      created: Math.floor(Date.now() / 1000),
      data: { object: { id: 'x_1' } },
    })
    const old = await post(payload, sign(payload, Math.floor(Date.now() / 1000) - 301))
    expect(old.status).toBe(400)
    expect(old.body.error).toMatch(/tolerance/i)
    expect(await database.db.stripeEvent.count({ where: { id: 'evt_old' } })).toBe(0)
    expect((await post(payload, sign(payload, Math.floor(Date.now() / 1000) - 280))).status).toBe(200)
  })

  it('acknowledges an unknown type with 200 and records it as ignored', async () => {
    const payload = JSON.stringify({
      id: 'evt_unknown_type',
      object: 'event',
      type: 'radar.early_fraud_warning.created',
      created: Math.floor(Date.now() / 1000),
      data: { object: { id: 'issfr_1' } },
    })
    const response = await post(payload, sign(payload))
    expect(response.status).toBe(200)
    const row = await until(
      () => database.db.stripeEvent.findUnique({ where: { id: 'evt_unknown_type' } }),
      (r) => r?.status === 'IGNORED',
    )
    expect(row).toMatchObject({ type: 'radar.early_fraud_warning.created', objectId: 'issfr_1', attempts: 1 })
  })
})

describe('checkout → webhook → provisioning', () => {
  it('a completed checkout starts the 14-day trial and provisions the instance on the plan', async () => {
    const { org, subscriptionId } = await checkedOut()
    const sub = await until(
      () => database.db.subscription.findUniqueOrThrow({ where: { orgId: org.id } }),
      (s) => s.status === 'TRIALING',
    )
    expect(sub).toMatchObject({
      planId: 'pro',
      stripeSubscriptionId: subscriptionId,
      stripePriceKey: 'tenancy_pro_monthly',
      cancelAtPeriodEnd: false,
      pastDueSince: null,
    })
    expect(Math.abs(sub.trialEndsAt!.getTime() - (Date.now() + 14 * DAY))).toBeLessThan(60_000)
    const customer = await database.db.organization.findUniqueOrThrow({ where: { id: org.id }, select: { stripeCustomerId: true } })
    expect(h.stripe.state.customers.get(customer.stripeCustomerId!)?.metadata).toEqual({ orgId: org.id })
    const tenant = await until(
      () => database.db.tenant.findFirst({ where: { orgId: org.id } }),
      (t) => t?.state === 'ACTIVE',
      60_000,
    )
    expect(tenant).toMatchObject({ planId: 'pro', slug: org.slug })
    const processed = await database.db.stripeEvent.findMany({ where: { objectId: { in: [subscriptionId] } } })
    expect(processed.map((e) => e.status)).toEqual(['PROCESSED'])
  })

  it('the same event delivered 100 times concurrently has one effect', async () => {
    const { org, events } = await checkedOut({ hold: true })
    const completed = events.find((e) => e.type === 'checkout.session.completed')!
    const statuses = await Promise.all(Array.from({ length: 100 }, () => h.stripe.deliver(completed as never)))
    expect(statuses.every((s) => s === 200)).toBe(true)
    expect(await database.db.stripeEvent.count({ where: { id: completed.id as string } })).toBe(1)
    await until(
      () => database.db.stripeEvent.findUniqueOrThrow({ where: { id: completed.id as string } }),
      (r) => r.status === 'PROCESSED',
    )
    await until(
      () => database.db.tenant.findFirst({ where: { orgId: org.id } }),
      (t) => t?.state === 'ACTIVE',
      60_000,
    )
    expect(await database.db.tenant.count({ where: { orgId: org.id } })).toBe(1)
    expect(await database.db.provisioningRun.count({ where: { tenant: { orgId: org.id }, kind: 'PROVISION' } })).toBe(1)
    expect(await database.db.auditLog.count({ where: { orgId: org.id, action: 'billing.subscription.updated' } })).toBe(1)
    expect(
      await database.db.jobRun.count({ where: { functionId: 'billing-process-stripe-event', eventId: `stripe-event:${completed.id}` } }),
    ).toBe(1)
    const row = await database.db.stripeEvent.findUniqueOrThrow({ where: { id: completed.id as string } })
    expect(row.attempts).toBe(1)
  })
})

describe('ordering', () => {
  async function mutated(shuffle: boolean) {
    const { org, subscriptionId, events } = await checkedOut({ hold: true })
    const before = h.stripe.events.length
    h.stripe.holdDeliveries = true
    try {
      await stripePort()!.changePlan({ subscriptionId, lookupKey: 'tenancy_enterprise_monthly', prorate: true })
      await stripePort()!.setCancelAtPeriodEnd({ subscriptionId, cancelAtPeriodEnd: true })
      await stripePort()!.setPaused({ subscriptionId, isPaused: true })
      await stripePort()!.setPaused({ subscriptionId, isPaused: false })
    } finally {
      h.stripe.holdDeliveries = false
    }
    const all = [...events, ...h.stripe.events.slice(before)]
    // A fixed scramble that never equals the original order (a random one sometimes did).
    const order = shuffle ? [...all.filter((_, i) => i % 2 === 1), ...all.filter((_, i) => i % 2 === 0)].reverse() : all
    if (shuffle) expect(order.map((e) => e.id)).not.toEqual(all.map((e) => e.id))
    for (const event of order) expect(await h.stripe.deliver(event as never)).toBe(200)
    await until(
      () =>
        database.db.stripeEvent.count({ where: { id: { in: all.map((e) => e.id as string) }, status: { in: ['PROCESSED', 'IGNORED'] } } }),
      (n) => n === all.length,
    )
    const sub = await database.db.subscription.findUniqueOrThrow({ where: { orgId: org.id } })
    return { org, sub }
  }

  it('a shuffled sequence of subscription events leaves the same final state as the sequence in order', async () => {
    const inOrder = await mutated(false)
    const shuffled = await mutated(true)
    const state = (s: typeof inOrder.sub) => ({
      planId: s.planId,
      status: s.status,
      cancelAtPeriodEnd: s.cancelAtPeriodEnd,
      stripePriceKey: s.stripePriceKey,
      hasTrialEnd: s.trialEndsAt !== null,
      isPastDue: s.pastDueSince !== null,
    })
    expect(state(inOrder.sub)).toEqual({
      planId: 'enterprise',
      status: 'TRIALING',
      cancelAtPeriodEnd: true,
      stripePriceKey: 'tenancy_enterprise_monthly',
      hasTrialEnd: true,
      isPastDue: false,
    })
    expect(state(shuffled.sub)).toEqual(state(inOrder.sub))
    for (const { org } of [inOrder, shuffled]) {
      await until(
        () => database.db.tenant.findFirst({ where: { orgId: org.id } }),
        (t) => t !== null && ['ACTIVE', 'UPDATING'].includes(t.state),
        60_000,
      )
      expect(await database.db.tenant.count({ where: { orgId: org.id } })).toBe(1)
    }
  })
})

describe('dunning', () => {
  it('a failed payment emails once and starts the grace period; after it the instance is suspended; payment resumes it', async () => {
    const { org, subscriptionId } = await checkedOut()
    const tenant = await until(
      () => database.db.tenant.findFirst({ where: { orgId: org.id } }),
      (t) => t?.state === 'ACTIVE',
      60_000,
    )
    const { invoiceId } = await h.stripe.failPayment(subscriptionId)
    const sub = await until(
      () => database.db.subscription.findUniqueOrThrow({ where: { orgId: org.id } }),
      (s) => s.status === 'PAST_DUE' && s.graceEndsAt !== null,
    )
    expect(Math.abs(sub.graceEndsAt!.getTime() - sub.pastDueSince!.getTime() - 7 * DAY)).toBeLessThan(1000)
    const failed = h.stripe.events.find(
      (e) => e.type === 'invoice.payment_failed' && (e.data as { object: { id: string } }).object.id === invoiceId,
    )!
    expect(await h.stripe.deliver(failed as never)).toBe(200)
    await until(
      () => database.db.notificationOutbox.findMany({ where: { template: 'payment-failed', toEmail: org.owner.email } }),
      (rows) => rows.length === 1,
    )

    // inside the grace period the instance keeps running
    const { sweepSubscriptions } = await import('./sweep-subscriptions')
    expect((await sweepSubscriptions(new Date(Date.now() + 6 * DAY))).suspendedForPayment).toBe(0)
    expect((await sweepSubscriptions(new Date(Date.now() + 7 * DAY + 60_000))).suspendedForPayment).toBe(1)
    const suspended = await until(
      () => database.db.tenant.findUniqueOrThrow({ where: { id: tenant!.id } }),
      (t) => t.state === 'SUSPENDED',
      60_000,
    )
    expect(suspended.suspendReason).toBe('Payment overdue')

    await h.stripe.payLatestInvoice(subscriptionId)
    await until(
      () => database.db.tenant.findUniqueOrThrow({ where: { id: tenant!.id } }),
      (t) => t.state === 'ACTIVE',
      60_000,
    )
    const after = await until(
      () => database.db.subscription.findUniqueOrThrow({ where: { orgId: org.id } }),
      (s) => s.status !== 'PAST_DUE',
    )
    expect(after).toMatchObject({ status: 'ACTIVE', pastDueSince: null, graceEndsAt: null })
    const actions = (
      await database.db.auditLog.findMany({ where: { orgId: org.id, action: { startsWith: 'billing.dunning' } }, orderBy: { id: 'asc' } })
    ).map((a) => a.action)
    expect(actions).toEqual(['billing.dunning.started', 'billing.dunning.suspend_requested', 'billing.dunning.ended'])
    expect(await database.db.notificationOutbox.count({ where: { template: 'payment-failed', toEmail: org.owner.email } })).toBe(1)
  })
})
