/**
 * The Stripe port: the few calls Tenancy makes, in our own shapes (no Stripe types leak out).
 * `StripeSdk` (sdk.ts) implements it with the official SDK; tests point that SDK at a local
 * Stripe test server (e2e/stripe/) through STRIPE_API_BASE. Webhook signatures are verified by
 * the SDK in webhook.ts, never by a double.
 */

export type StripeSubscriptionStatus =
  'trialing' | 'active' | 'past_due' | 'unpaid' | 'canceled' | 'incomplete' | 'incomplete_expired' | 'paused'

export interface StripeSubscription {
  id: string
  customerId: string
  status: StripeSubscriptionStatus
  /** The lookup key of the (first) item's price: which plan this is. */
  lookupKey: string | null
  trialEnd: Date | null
  currentPeriodStart: Date | null
  currentPeriodEnd: Date | null
  cancelAtPeriodEnd: boolean
  canceledAt: Date | null
  /** Collection paused (pause_collection set). */
  isCollectionPaused: boolean
  /** Our organization id, from metadata. */
  orgId: string | null
}

export interface StripeCheckoutSession {
  id: string
  url: string | null
  status: 'open' | 'complete' | 'expired'
  customerId: string | null
  subscriptionId: string | null
  /** Our organization id. */
  clientReferenceId: string | null
}

export type StripeInvoiceStatus = 'draft' | 'open' | 'paid' | 'void' | 'uncollectible'

export interface StripeInvoice {
  id: string
  customerId: string
  subscriptionId: string | null
  status: StripeInvoiceStatus
  amountDueCents: number
  amountPaidCents: number
  currency: string
  number: string | null
  nextPaymentAttempt: Date | null
  /** Our invoice id, when the invoice was pushed from our ledger. */
  tenancyInvoiceId: string | null
}

export interface CheckoutRequest {
  customerId: string
  lookupKey: string
  trialDays: number
  orgId: string
  successUrl: string
  cancelUrl: string
  /** Same key → same session (Stripe idempotency key). */
  idempotencyKey: string
}

export interface InvoiceItemsRequest {
  customerId: string
  /** Put the items on this subscription's next invoice; null: a one-off invoice is created for them and finalized. */
  subscriptionId: string | null
  currency: string
  /** Our invoice: in the items' metadata (and the one-off invoice's), so Stripe's webhooks find it. */
  tenancyInvoiceId: string
  /** The one-off invoice's description (our invoice number). */
  description: string
  /** Days to pay a one-off invoice (Stripe emails it). */
  daysUntilDue: number
  /** `key` is unique within our invoice: the same key is never added twice (Stripe idempotency key). */
  items: { key: string; description: string; amountCents: number }[]
}

export interface StripePort {
  /** One customer per organization: creates it (idempotent per organization). */
  createCustomer(input: { orgId: string; name: string; email: string | null }): Promise<{ id: string }>
  createCheckoutSession(input: CheckoutRequest): Promise<{ id: string; url: string }>
  getCheckoutSession(id: string): Promise<StripeCheckoutSession>
  getSubscription(id: string): Promise<StripeSubscription>
  getInvoice(id: string): Promise<StripeInvoice>
  createPortalSession(input: { customerId: string; returnUrl: string }): Promise<{ url: string }>
  /** Switch the subscription to another price now (upgrade, with proration) or keep the period (downgrade: at period end). */
  changePlan(input: { subscriptionId: string; lookupKey: string; prorate: boolean }): Promise<StripeSubscription>
  setCancelAtPeriodEnd(input: { subscriptionId: string; cancelAtPeriodEnd: boolean }): Promise<StripeSubscription>
  setPaused(input: { subscriptionId: string; isPaused: boolean }): Promise<StripeSubscription>
  /** Cancels the subscription now (no proration, no final invoice): an organization's purge. Idempotent per subscription. */
  cancelSubscription(input: { subscriptionId: string }): Promise<StripeSubscription>
  /**
   * Adds our invoice's lines to the customer's Stripe invoice; returns the one-off invoice's id, or null when they wait for the
   * subscription's next invoice.
   */
  addInvoiceItems(input: InvoiceItemsRequest): Promise<{ invoiceId: string | null }>
}

export class StripeUnavailableError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'StripeUnavailableError'
  }
}
