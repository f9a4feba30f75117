/**
 * A webhook delivery: verify the signature (raw body, 5-minute tolerance), write the event id to
 * the ledger (unique: a duplicate delivery writes nothing) and queue its processing. Nothing of
 * the payload is trusted beyond ids; the job re-fetches the object from Stripe.
 */
import { db } from '../db'
import { getEnv } from '../env'
import { AppError } from '../errors/app-error'
import { jobs } from '../jobs/jobs'
import { verifyWebhook, WebhookSignatureError } from '../stripe/webhook'

export async function receiveStripeEvent(input: {
  rawBody: string
  signature: string | null
}): Promise<{ eventId: string; isDuplicate: boolean }> {
  const secret = getEnv().STRIPE_WEBHOOK_SECRET
  if (!secret) throw new AppError('NOT_FOUND', 'Stripe is not configured')
  let event
  try {
    event = verifyWebhook(input.rawBody, input.signature, secret)
  } catch (error) {
    if (error instanceof WebhookSignatureError) throw new AppError('BAD_REQUEST', `Webhook signature verification failed: ${error.message}`)
    throw error
  }
  const inserted = await db.stripeEvent.createMany({
    data: [{ id: event.id, type: event.type, objectId: event.objectId, livemode: event.livemode, createdAt: event.created }],
    skipDuplicates: true,
  })
  const isDuplicate = inserted.count === 0
  if (isDuplicate) {
    const row = await db.stripeEvent.findUnique({ where: { id: event.id }, select: { status: true } })
    if (row && row.status !== 'RECEIVED' && row.status !== 'FAILED') return { eventId: event.id, isDuplicate }
  }
  // Sent again for a duplicate that is not processed yet: the same event id never starts a second run.
  await jobs.send({
    name: 'billing/stripe-event.received',
    id: `stripe-event:${event.id}`,
    data: { stripeEventId: event.id, orderingKey: event.customerId ?? event.id },
  })
  return { eventId: event.id, isDuplicate }
}
