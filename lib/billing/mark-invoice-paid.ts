/**
 * Billing `none`: a super-admin records that an invoice was paid (bank transfer, cheque…). An
 * invoice collected by Stripe follows Stripe's webhooks instead. Ends dunning and resumes an
 * instance billing suspended.
 */
import { z } from 'zod'
import { recordAudit } from '../audit/record-audit'
import type { AdminContext } from '../admin/admin-context'
import { auditActor } from '../admin/admin-actor'
import { db } from '../db'
import { AppError } from '../errors/app-error'
import { resumeAfterBilling } from './tenant-actions'

export const markPaidInput = z.object({
  invoiceId: z.string().min(1),
  reason: z
    .string({ message: 'Give a reason: how was it paid?' })
    .trim()
    .min(3, 'Give a reason: how was it paid? (at least 3 characters)')
    .max(500, 'Keep the reason under 500 characters'),
})

/** Why an invoice cannot be marked paid by hand, or null when it can (the console shows its button by it). */
export function markPaidRefusal(invoice: { status: string; stripeInvoiceId: string | null }): string | null {
  if (invoice.stripeInvoiceId) return 'This invoice is collected by Stripe; its status follows Stripe'
  if (invoice.status !== 'OPEN') return `Only an open invoice can be marked paid (this one is ${invoice.status.toLowerCase()})`
  return null
}

export async function markInvoicePaid(
  input: z.output<typeof markPaidInput>,
  { actor, now }: AdminContext,
): Promise<{ status: 'PAID'; paidAt: Date }> {
  const invoice = await db.invoice.findUnique({
    where: { id: input.invoiceId },
    select: { id: true, orgId: true, status: true, stripeInvoiceId: true, number: true },
  })
  if (!invoice) throw new AppError('NOT_FOUND', 'Invoice not found')
  const refusal = markPaidRefusal(invoice)
  if (refusal) throw new AppError('CONFLICT', refusal)
  const paidAt = now
  const updated = await db.invoice.updateMany({
    where: { id: invoice.id, status: 'OPEN' },
    data: { status: 'PAID', paidAt, markedPaidById: actor.userId },
  })
  if (!updated.count) throw new AppError('CONFLICT', 'The invoice changed meanwhile; reload and try again')
  await db.subscription.updateMany({
    where: { orgId: invoice.orgId, pastDueSince: { not: null } },
    data: { pastDueSince: null, graceEndsAt: null },
  })
  await recordAudit({
    ...auditActor(actor),
    action: 'billing.invoice.marked_paid',
    orgId: invoice.orgId,
    targetType: 'invoice',
    targetId: invoice.id,
    reason: input.reason,
    before: { status: 'OPEN' },
    after: { status: 'PAID', number: invoice.number, breakGlass: actor.breakGlassId },
  })
  await resumeAfterBilling({ orgId: invoice.orgId, key: `marked-paid:${invoice.id}` })
  return { status: 'PAID', paidAt }
}
