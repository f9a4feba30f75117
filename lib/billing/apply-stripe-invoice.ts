/**
 * Applies an invoice as Stripe has it now: our ledger's copy mirrors Stripe's status, a failed
 * payment on a still-open invoice starts dunning (one email per invoice, a grace period in which
 * the instance keeps running), and a paid invoice ends dunning and resumes an instance billing
 * had suspended.
 */
import { recordAudit } from '../audit/record-audit'
import { now } from '../clock'
import { db, type InvoiceStatus } from '../db'
import { getEnv } from '../env'
import type { StripeInvoice } from '../stripe/port'
import { notifyBillingContacts } from './notify-billing-contacts'
import { resumeAfterBilling } from './tenant-actions'

const DAY = 86_400_000
const STATUS: Record<StripeInvoice['status'], InvoiceStatus> = {
  draft: 'DRAFT',
  open: 'OPEN',
  paid: 'PAID',
  void: 'VOID',
  uncollectible: 'UNCOLLECTIBLE',
}

export async function applyStripeInvoice(
  invoice: StripeInvoice,
  options: { eventType: string; sourceKey: string },
): Promise<{ orgId: string | null; effects: string[] }> {
  const org = await db.organization.findUnique({
    where: { stripeCustomerId: invoice.customerId },
    select: { id: true, name: true, slug: true },
  })
  if (!org) return { orgId: null, effects: ['no organization has this customer'] }
  const effects: string[] = []
  const at = now()

  const status = STATUS[invoice.status]
  const mirrored = await db.invoice.updateMany({
    where: {
      orgId: org.id,
      OR: [{ stripeInvoiceId: invoice.id }, ...(invoice.tenancyInvoiceId ? [{ id: invoice.tenancyInvoiceId }] : [])],
      status: { not: status },
    },
    data: { status, stripeInvoiceId: invoice.id, ...(status === 'PAID' ? { paidAt: at } : {}) },
  })
  if (mirrored.count) effects.push(`invoice ${status.toLowerCase()}`)

  if (options.eventType === 'invoice.payment_failed' && invoice.status === 'open' && invoice.amountDueCents > 0) {
    const graceEndsAt = new Date(at.getTime() + getEnv().DUNNING_GRACE_DAYS * DAY)
    const started = await db.subscription.updateMany({
      where: { orgId: org.id, pastDueSince: null },
      data: { pastDueSince: at, graceEndsAt },
    })
    const sub = await db.subscription.findUnique({ where: { orgId: org.id }, select: { id: true, graceEndsAt: true } })
    if (started.count) {
      await recordAudit({
        action: 'billing.dunning.started',
        actorType: 'STRIPE',
        orgId: org.id,
        targetType: 'invoice',
        targetId: invoice.id,
        after: { graceEndsAt: sub?.graceEndsAt, amountDueCents: invoice.amountDueCents },
        reason: options.sourceKey,
      })
      effects.push('dunning started')
    }
    await notifyBillingContacts({
      orgId: org.id,
      template: 'payment-failed',
      dedupeKey: `payment-failed:${invoice.id}`,
      data: {
        orgName: org.name,
        amountCents: invoice.amountDueCents,
        currency: invoice.currency,
        url: `${getEnv().appUrl}/${org.slug}/billing`,
        invoiceNumber: invoice.number ?? undefined,
        nextAttemptAt: invoice.nextPaymentAttempt?.toISOString() ?? null,
        graceEndsAt: sub?.graceEndsAt?.toISOString() ?? null,
      },
    })
    effects.push('payment-failed email')
  }

  if (invoice.status === 'paid') {
    const ended = await db.subscription.updateMany({
      where: { orgId: org.id, pastDueSince: { not: null } },
      data: { pastDueSince: null, graceEndsAt: null },
    })
    if (ended.count) {
      await recordAudit({
        action: 'billing.dunning.ended',
        actorType: 'STRIPE',
        orgId: org.id,
        targetType: 'invoice',
        targetId: invoice.id,
        reason: options.sourceKey,
      })
      effects.push('dunning ended')
    }
    if (await resumeAfterBilling({ orgId: org.id, key: `paid:${invoice.id}` })) effects.push('resume requested')
  }
  return { orgId: org.id, effects }
}
