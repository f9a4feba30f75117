/**
 * Webhook verification with the official SDK (`constructEvent`): HMAC-SHA256 over the raw body,
 * a timestamp no older than five minutes. Returns only the ids Tenancy needs; the object itself
 * is re-fetched from Stripe when the event is processed.
 */
import Stripe from 'stripe'

export const WEBHOOK_TOLERANCE_SECONDS = 300

export interface VerifiedStripeEvent {
  id: string
  type: string
  created: Date
  livemode: boolean
  /** The id of the event's object (a subscription, an invoice, a checkout session…). */
  objectId: string | null
  /** The customer the object belongs to, when it names one (orders work per customer). */
  customerId: string | null
}

export class WebhookSignatureError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'WebhookSignatureError'
  }
}

export function verifyWebhook(rawBody: string, signature: string | null, secret: string): VerifiedStripeEvent {
  if (!signature) throw new WebhookSignatureError('Missing Stripe-Signature header')
  let event: { id: string; type: string; created: number; livemode: boolean; data?: { object?: Record<string, unknown> } }
  try {
    event = Stripe.webhooks.constructEvent(rawBody, signature, secret, WEBHOOK_TOLERANCE_SECONDS) as unknown as typeof event
  } catch (error) {
    throw new WebhookSignatureError(error instanceof Error ? error.message : 'Invalid signature')
  }
  const object = event.data?.object ?? {}
  const objectId = typeof object.id === 'string' ? object.id : null
  const customer = object.object === 'customer' ? object.id : object.customer
  return {
    id: event.id,
    type: event.type,
    created: new Date(event.created * 1000),
    livemode: Boolean(event.livemode),
    objectId,
    customerId: typeof customer === 'string' ? customer : null,
  }
}
