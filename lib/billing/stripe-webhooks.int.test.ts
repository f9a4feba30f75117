// Stripe webhooks end to end: the real SDK against the Stripe test server, signed deliveries to
// the real route handler, the ledger, the processing job on the embedded runner, and the
// provisioning workflows on the dry-run cluster.
import Stripe from 'stripe'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createOrgWithOwner, type TestOrg } from '../orgs/testing/fixtures'
import { stripePort } from '../stripe/sdk'
import { createTestDatabase, type TestDatabase } from '../testing/test-db'
import { until } from '../testing/until'
import { createCheckoutSession } from './create-checkout-session'
import { startSubscription } from './start-subscription'
import { startBillingHarness, type BillingHarness } from './testing/stripe-harness'

let database: TestDatabase
let h: BillingHarness

beforeAll(async () => {
  database = await createTestDatabase()
  h = await startBillingHarness(database.db)
})
afterAll(async () => {
  await h?.stop()
  await database?.close()
})

const DAY = 86_400_000

async function post(body: string, signature: string | null) {
  const response = await fetch(h.webhookUrl, { method: 'POST', headers: { 'content-type': 'application/json', ...(signature ? { 'stripe-signature': signature } : {}) }, body })
  return { status: response.status, body: await response.json() }
}

function sign(payload: string, timestamp?: number, secret = h.webhookSecret) {
  return Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp })
}

/** An organization on pro that went through Checkout; events held back for the test to deliver. */
async function checkedOut(options: { hold?: boolean } = {}): Promise<{ org: TestOrg; subscriptionId: string; events: Record<string, unknown>[] }> {
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
    const payload = JSON.stringify({ id: 'evt_forged', object: 'event', type: 'invoice.paid', created: Math.floor(Date.now() / 1000), data: { object: { id: 'in_1', customer: 'cus_1' } } })
    const jobEventsBefore = await database.db.jobEvent.count()
    expect((await post(payload, sign(payload, undefined, 'whsec_someone_else'))).status).toBe(400)
    expect((await post(payload, null)).status).toBe(400)
    expect((await post(payload.replace('invoice.paid', 'invoice.payment_failed'), sign(payload))).status).toBe(400)
    expect(await database.db.stripeEvent.count({ where: { id: 'evt_forged' } })).toBe(0)
    expect(await database.db.jobEvent.count()).toBe(jobEventsBefore)
  })

  it('refuses a correctly signed delivery older than 5 minutes with 400, accepts one just inside', async () => {
    const payload = JSON.stringify({ id: 'evt_old', object: 'event', type: 'ping.unknown', created: Math.floor(Date.now() / 1000), data: { object: { id: 'x_1' } } })
    const old = await post(payload, sign(payload, Math.floor(Date.now() / 1000) - 301))
    expect(old.status).toBe(400)
    expect(old.body.error).toMatch(/tolerance/i)
    expect(await database.db.stripeEvent.count({ where: { id: 'evt_old' } })).toBe(0)
    expect((await post(payload, sign(payload, Math.floor(Date.now() / 1000) - 280))).status).toBe(200)
  })

  it('acknowledges an unknown type with 200 and records it as ignored', async () => {
    const payload = JSON.stringify({ id: 'evt_unknown_type', object: 'event', type: 'radar.early_fraud_warning.created', created: Math.floor(Date.now() / 1000), data: { object: { id: 'issfr_1' } } })
    const response = await post(payload, sign(payload))
    expect(response.status).toBe(200)
    const row = await until(() => database.db.stripeEvent.findUnique({ where: { id: 'evt_unknown_type' } }), (r) => r?.status === 'IGNORED')
    expect(row).toMatchObject({ type: 'radar.early_fraud_warning.created', objectId: 'issfr_1', attempts: 1 })
  })
})

describe('checkout → webhook → provisioning', () => {
  it('a completed checkout starts the 14-day trial and provisions the instance on the plan', async () => {
    const { org, subscriptionId } = await checkedOut()
    const sub = await until(() => database.db.subscription.findUniqueOrThrow({ where: { orgId: org.id } }), (s) => s.status === 'TRIALING')
    expect(sub).toMatchObject({ planId: 'pro', stripeSubscriptionId: subscriptionId, stripePriceKey: 'tenancy_pro_monthly', cancelAtPeriodEnd: false, pastDueSince: null })
    expect(Math.abs(sub.trialEndsAt!.getTime() - (Date.now() + 14 * DAY))).toBeLessThan(60_000)
    const customer = await database.db.organization.findUniqueOrThrow({ where: { id: org.id }, select: { stripeCustomerId: true } })
    expect(h.stripe.state.customers.get(customer.stripeCustomerId!)?.metadata).toEqual({ orgId: org.id })
    const tenant = await until(() => database.db.tenant.findFirst({ where: { orgId: org.id } }), (t) => t?.state === 'ACTIVE', 60_000)
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
    await until(() => database.db.stripeEvent.findUniqueOrThrow({ where: { id: completed.id as string } }), (r) => r.status === 'PROCESSED')
    await until(() => database.db.tenant.findFirst({ where: { orgId: org.id } }), (t) => t?.state === 'ACTIVE', 60_000)
    expect(await database.db.tenant.count({ where: { orgId: org.id } })).toBe(1)
    expect(await database.db.provisioningRun.count({ where: { tenant: { orgId: org.id }, kind: 'PROVISION' } })).toBe(1)
    expect(await database.db.auditLog.count({ where: { orgId: org.id, action: 'billing.subscription.updated' } })).toBe(1)
    expect(await database.db.jobRun.count({ where: { functionId: 'billing-process-stripe-event', eventId: `stripe-event:${completed.id}` } })).toBe(1)
    const row = await database.db.stripeEvent.findUniqueOrThrow({ where: { id: completed.id as string } })
    expect(row.attempts).toBe(1)
  })
})
