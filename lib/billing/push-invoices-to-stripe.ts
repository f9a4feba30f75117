/**
 * Billing `stripe`: puts the lines of our issued invoices on the customer's Stripe invoice, so
 * Stripe collects them and its webhooks (invoice.paid, invoice.payment_failed) move our copy's
 * status (applyStripeInvoice finds it by the `tenancyInvoiceId` the items carry).
 *
 * - An organization with a live Stripe subscription: each line (usage, domain) and the tax become
 *   pending invoice items on that subscription, so they ride on its next invoice. The base fee
 *   is not among them: the subscription charges it (generateMonthlyInvoices leaves it out).
 * - Any other organization (a free plan with usage beyond its allowance, a canceled
 *   subscription): a one-off Stripe invoice with those items, finalized and emailed by Stripe,
 *   due like ours. Its customer is created if it has none.
 *
 * Exactly once: an invoice is pushed only while `stripePushedAt` is null and marked when done;
 * every Stripe call carries an idempotency key derived from our invoice and line, so a crash
 * half-way and the retry that follows add nothing twice.
 */
import { now } from '../clock'
import { db } from '../db'
import type { StripePort } from '../stripe/port'
import { ensureStripeCustomer } from './create-checkout-session'
import { INVOICE_DUE_DAYS } from './generate-monthly-invoices'

export interface PushOutcome {
  pushed: number
  oneOff: number
}

/** Every open invoice of the month starting `periodStart` not pushed yet (so a later run finishes what a failed one left). */
export async function pushInvoicesToStripe(input: { periodStart: Date }, stripe: StripePort | null): Promise<PushOutcome> {
  const outcome: PushOutcome = { pushed: 0, oneOff: 0 }
  if (!stripe) return outcome
  const invoices = await db.invoice.findMany({
    where: { periodStart: input.periodStart, stripePushedAt: null, status: 'OPEN' },
    select: {
      id: true,
      orgId: true,
      number: true,
      currency: true,
      taxCents: true,
      taxRateBps: true,
      lines: { orderBy: { position: 'asc' }, select: { position: true, kind: true, description: true, amountCents: true } },
      org: { select: { subscription: { select: { stripeSubscriptionId: true, status: true } } } },
    },
    orderBy: { number: 'asc' },
  })
  for (const invoice of invoices) {
    const sub = invoice.org.subscription
    const subscriptionId =
      sub?.stripeSubscriptionId && sub.status !== 'CANCELED' && sub.status !== 'EXPIRED' ? sub.stripeSubscriptionId : null
    const items = invoice.lines
      .filter((line) => line.kind !== 'BASE' && line.amountCents !== 0)
      .map((line) => ({
        key: `line-${line.position}`,
        description: `${invoice.number}: ${line.description}`,
        amountCents: line.amountCents,
      }))
    if (invoice.taxCents)
      items.push({
        key: 'tax',
        description: `${invoice.number}: Tax ${(invoice.taxRateBps / 100).toFixed(2).replace(/\.?0+$/, '')}%`,
        amountCents: invoice.taxCents,
      })
    // An invoice with nothing for Stripe (its lines were all the base fee) is marked all the same.
    const { invoiceId } = items.length
      ? await stripe.addInvoiceItems({
          customerId: await ensureStripeCustomer(stripe, invoice.orgId),
          subscriptionId,
          currency: invoice.currency,
          tenancyInvoiceId: invoice.id,
          description: invoice.number,
          daysUntilDue: INVOICE_DUE_DAYS,
          items,
        })
      : { invoiceId: null }
    await db.invoice.update({
      where: { id: invoice.id },
      data: { stripePushedAt: now(), ...(invoiceId ? { stripeInvoiceId: invoiceId } : {}) },
    })
    if (invoiceId) outcome.oneOff++
    outcome.pushed++
  }
  return outcome
}
