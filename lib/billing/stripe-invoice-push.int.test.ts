// Billing `stripe`: the monthly invoice's lines go onto the customer's Stripe invoice, and our
// copy's status follows Stripe's webhooks. The real SDK against the Stripe test server (e2e/stripe),
// signed deliveries to the real route handler, the processing job on the embedded runner.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createOrgWithOwner, createTenant, type TestOrg } from '../orgs/testing/fixtures'
import { stripePort } from '../stripe/sdk'
import { useTestDatabase } from '../testing/use-test-database'
import { until } from '../testing/until'
import { createCheckoutSession } from './create-checkout-session'
import { generateMonthlyInvoices } from './generate-monthly-invoices'
import { monthOf } from './invoice-calculation'
import { pushInvoicesToStripe } from './push-invoices-to-stripe'
import { startSubscription } from './start-subscription'
import { startBillingHarness, type BillingHarness } from './testing/stripe-harness'

const database = useTestDatabase({ jobs: false })
let h: BillingHarness
const { periodStart } = monthOf(new Date())
const HOUR = 3_600_000
const suffix = Math.random().toString(36).slice(2, 8)

beforeAll(async () => {
  h = await startBillingHarness(database.db)
})
afterAll(async () => {
  await h?.stop()
})

async function usage(tenantId: string, metric: 'CPU_CORE_SECONDS' | 'NETWORK_EGRESS_BYTES', value: number) {
  await database.db.usageSample.create({
    data: { tenantId, metric, volume: '', windowStart: periodStart, windowEnd: new Date(periodStart.getTime() + HOUR), value },
  })
}

/** An organization on the free plan (no Stripe subscription) whose instance sent 20 GB, 10 beyond its allowance. */
async function freeOrgWithBandwidth(slug: string): Promise<TestOrg> {
  const org = await createOrgWithOwner(database.db, { slug })
  await startSubscription({ orgId: org.id, planId: 'free' })
  const tenant = await createTenant(database.db, { orgId: org.id, slug: org.slug, state: 'ACTIVE' })
  await usage(tenant.id, 'NETWORK_EGRESS_BYTES', 20e9)
  return org
}

const invoiceOf = (orgId: string) =>
  database.db.invoice.findUniqueOrThrow({
    where: { orgId_periodStart: { orgId, periodStart } },
    include: { lines: { orderBy: { position: 'asc' } } },
  })
const itemsFor = (invoiceId: string) =>
  [...h.stripe.state.invoiceItems.values()].filter((i) => (i.metadata as Record<string, string>).tenancyInvoiceId === invoiceId)

describe('usage lines on the Stripe invoice', () => {
  let subscribed: TestOrg
  let subscriptionId: string
  let free: TestOrg
  let crashed: TestOrg

  beforeAll(async () => {
    // pro through Checkout: its base fee is the subscription's; 1,100 vCPU-hours, 100 beyond the included 1,000
    subscribed = await createOrgWithOwner(database.db, { slug: `b-sub-${suffix}` })
    await startSubscription({ orgId: subscribed.id, planId: 'pro', awaitsCheckout: true })
    const { url } = await createCheckoutSession({ orgId: subscribed.id, userId: subscribed.owner.id }, stripePort())
    ;({ subscriptionId } = await h.stripe.completeCheckout(url.split('/').at(-1)!))
    const tenant = await until(
      () => database.db.tenant.findFirst({ where: { orgId: subscribed.id } }),
      (t) => t?.state === 'ACTIVE',
      60_000,
    )
    await usage(tenant!.id, 'CPU_CORE_SECONDS', 1100 * 3600)
    crashed = await freeOrgWithBandwidth(`a-crash-${suffix}`)
    free = await freeOrgWithBandwidth(`c-free-${suffix}`)
    await generateMonthlyInvoices({ periodStart })
  }, 120_000)

  it('leaves the base fee to the subscription and invoices the rest with its tax', async () => {
    const invoice = await invoiceOf(subscribed.id)
    expect(invoice.lines.map((l) => [l.kind, l.amountCents])).toEqual([['COMPUTE', 1000]]) // 100 h × 10 ¢
    expect(invoice).toMatchObject({ subtotalCents: 1000, taxCents: 80, totalCents: 1080, status: 'OPEN', stripePushedAt: null })
    expect(invoice.snapshot).toMatchObject({ baseFeeBilledBy: 'stripe-subscription' })
    const plain = await invoiceOf(free.id)
    expect(plain.lines.map((l) => [l.kind, l.amountCents])).toEqual([['BANDWIDTH', 120]]) // 10 GB × 12 ¢
    expect(plain).toMatchObject({ taxCents: 10, totalCents: 130 })
  })

  it('a push that fails half-way adds nothing twice when it is run again', async () => {
    // the crashed organization's invoice comes first (its number sorts first): its first item is
    // created, the second fails on every attempt the SDK makes
    h.stripe.failNext('/v1/invoiceitems', 3, 1)
    await expect(pushInvoicesToStripe({ periodStart }, stripePort())).rejects.toThrow(/Stripe is unavailable/)
    const half = await invoiceOf(crashed.id)
    expect(half.stripePushedAt).toBeNull()
    expect(itemsFor(half.id)).toHaveLength(1)

    expect(await pushInvoicesToStripe({ periodStart }, stripePort())).toEqual({ pushed: 3, oneOff: 2 })
    expect(itemsFor(half.id).map((i) => i.amount)).toEqual([120, 10])
    const customerId = (await database.db.organization.findUniqueOrThrow({ where: { id: crashed.id } })).stripeCustomerId
    expect([...h.stripe.state.invoices.values()].filter((i) => i.customer === customerId)).toHaveLength(1)
    expect(await pushInvoicesToStripe({ periodStart }, stripePort())).toEqual({ pushed: 0, oneOff: 0 })
  })

  it('puts a subscriber’s lines on its next subscription invoice, and that invoice’s payment pays ours', async () => {
    const invoice = await invoiceOf(subscribed.id)
    expect(invoice.stripePushedAt).not.toBeNull()
    const items = itemsFor(invoice.id)
    expect(items.map((i) => [i.amount, i.subscription, i.invoice, i.description])).toEqual([
      [1000, subscriptionId, null, `${invoice.number}: ${invoice.lines[0]!.description}`],
      [80, subscriptionId, null, `${invoice.number}: Tax 8%`],
    ])

    const { invoiceId } = await h.stripe.renew(subscriptionId)
    expect(h.stripe.state.invoices.get(invoiceId)).toMatchObject({ amount_due: 4900 + 1080, status: 'paid' })
    const paid = await until(
      () => invoiceOf(subscribed.id),
      (i) => i.status === 'PAID',
    )
    expect(paid).toMatchObject({ stripeInvoiceId: invoiceId })
    expect(paid.paidAt).not.toBeNull()
  })

  it('gives an organization without a subscription a one-off Stripe invoice, and its payment pays ours', async () => {
    const org = await database.db.organization.findUniqueOrThrow({ where: { id: free.id } })
    expect(org.stripeCustomerId).toMatch(/^cus_/)
    const invoice = await invoiceOf(free.id)
    const stripeInvoice = h.stripe.state.invoices.get(invoice.stripeInvoiceId!)!
    expect(stripeInvoice).toMatchObject({
      customer: org.stripeCustomerId,
      status: 'open',
      amount_due: 130,
      collection_method: 'send_invoice',
      metadata: { tenancyInvoiceId: invoice.id },
    })
    await h.stripe.payInvoice(stripeInvoice.id)
    await until(
      () => invoiceOf(free.id),
      (i) => i.status === 'PAID',
    )
  })
})
