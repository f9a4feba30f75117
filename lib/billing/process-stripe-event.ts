/**
 * Processes one ledger event: re-fetch its object from Stripe and apply it. An event already
 * processed is skipped; unknown types are recorded as IGNORED. A Stripe outage throws (the job
 * retries); the error is kept on the row.
 */
import { now } from '../clock'
import { db } from '../db'
import { AppError } from '../errors/app-error'
import type { StripePort } from '../stripe/port'
import { applyStripeInvoice } from './apply-stripe-invoice'
import { syncStripeSubscription } from './sync-stripe-subscription'

export const HANDLED_EVENT_TYPES = [
  'checkout.session.completed',
  'customer.subscription.created',
  'customer.subscription.updated',
  'customer.subscription.deleted',
  'customer.subscription.trial_will_end',
  'invoice.finalized',
  'invoice.paid',
  'invoice.payment_failed',
] as const

export async function processStripeEvent(input: {
  stripeEventId: string
  stripe: StripePort | null
}): Promise<{ status: 'PROCESSED' | 'IGNORED'; isDuplicate: boolean; effects: string[] }> {
  const row = await db.stripeEvent.findUnique({ where: { id: input.stripeEventId } })
  if (!row) throw new AppError('NOT_FOUND', `No Stripe event ${input.stripeEventId} in the ledger`)
  if (row.status === 'PROCESSED' || row.status === 'IGNORED') return { status: row.status, isDuplicate: true, effects: [] }
  await db.stripeEvent.update({ where: { id: row.id }, data: { attempts: { increment: 1 } } })
  try {
    const outcome = await apply(row.type, row.objectId, row.id, input.stripe)
    await db.stripeEvent.update({
      where: { id: row.id },
      data: {
        status: outcome.status,
        processedAt: now(),
        error: outcome.status === 'IGNORED' ? outcome.effects.join('; ').slice(0, 500) : null,
      },
    })
    return { ...outcome, isDuplicate: false }
  } catch (error) {
    await db.stripeEvent.update({
      where: { id: row.id },
      data: { error: (error instanceof Error ? error.message : String(error)).slice(0, 500) },
    })
    throw error
  }
}

async function apply(
  type: string,
  objectId: string | null,
  eventId: string,
  stripe: StripePort | null,
): Promise<{ status: 'PROCESSED' | 'IGNORED'; effects: string[] }> {
  if (!(HANDLED_EVENT_TYPES as readonly string[]).includes(type)) return { status: 'IGNORED', effects: [`type ${type} is not handled`] }
  if (!objectId) return { status: 'IGNORED', effects: ['the event names no object'] }
  if (!stripe) throw new AppError('PRECONDITION_FAILED', 'Stripe is not configured')
  const sourceKey = `stripe:${eventId}`
  if (type === 'checkout.session.completed') {
    const session = await stripe.getCheckoutSession(objectId)
    if (session.status !== 'complete' || !session.subscriptionId) return { status: 'IGNORED', effects: ['checkout session not complete'] }
    const outcome = await syncStripeSubscription(await stripe.getSubscription(session.subscriptionId), { sourceKey })
    return { status: outcome.orgId ? 'PROCESSED' : 'IGNORED', effects: outcome.effects }
  }
  if (type.startsWith('customer.subscription.')) {
    const outcome = await syncStripeSubscription(await stripe.getSubscription(objectId), { sourceKey })
    return { status: outcome.orgId ? 'PROCESSED' : 'IGNORED', effects: outcome.effects }
  }
  const outcome = await applyStripeInvoice(await stripe.getInvoice(objectId), { eventType: type, sourceKey })
  return { status: outcome.orgId ? 'PROCESSED' : 'IGNORED', effects: outcome.effects }
}
