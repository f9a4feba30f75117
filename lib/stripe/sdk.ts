/**
 * StripePort over the official SDK. Prices are found by lookup key (the plan catalog's
 * `stripeLookupKey`), so the same catalog works against any Stripe account. STRIPE_API_BASE
 * points the SDK at another host (a local Stripe test server); nothing else differs.
 */
import Stripe from 'stripe'
import { getEnv } from '../env'
import type {
  InvoiceItemsRequest,
  StripeCheckoutSession,
  StripeInvoice,
  StripePort,
  StripeSubscription,
  StripeSubscriptionStatus,
} from './port'
import { StripeUnavailableError } from './port'

const date = (seconds: number | null | undefined) => (seconds ? new Date(seconds * 1000) : null)
const idOf = (value: string | { id: string } | null | undefined) => (value == null ? null : typeof value === 'string' ? value : value.id)

function toSubscription(s: Stripe.Subscription): StripeSubscription {
  const item = s.items?.data?.[0]
  return {
    id: s.id,
    customerId: idOf(s.customer)!,
    status: s.status as StripeSubscriptionStatus,
    lookupKey: item?.price?.lookup_key ?? null,
    trialEnd: date(s.trial_end),
    currentPeriodStart: date(item?.current_period_start),
    currentPeriodEnd: date(item?.current_period_end),
    cancelAtPeriodEnd: s.cancel_at_period_end,
    canceledAt: date(s.canceled_at),
    isCollectionPaused: s.pause_collection != null,
    orgId: s.metadata?.orgId ?? null,
  }
}

function toInvoice(i: Stripe.Invoice): StripeInvoice {
  const parent = i.parent as { subscription_details?: { subscription?: string | { id: string } } } | null
  return {
    id: i.id!,
    customerId: idOf(i.customer as string | { id: string })!,
    subscriptionId: idOf(parent?.subscription_details?.subscription ?? null),
    status: (i.status ?? 'draft') as StripeInvoice['status'],
    amountDueCents: i.amount_due,
    amountPaidCents: i.amount_paid,
    currency: i.currency,
    number: i.number,
    nextPaymentAttempt: date(i.next_payment_attempt),
    // a one-off invoice carries our id itself; a subscription invoice through the items we added to it
    tenancyInvoiceId:
      i.metadata?.tenancyInvoiceId ?? i.lines?.data?.find((line) => line.metadata?.tenancyInvoiceId)?.metadata.tenancyInvoiceId ?? null,
  }
}

export class StripeSdk implements StripePort {
  private readonly stripe: Stripe
  private readonly prices = new Map<string, string>()

  constructor(options: { secretKey: string; apiBase?: string }) {
    const base = options.apiBase ? new URL(options.apiBase) : undefined
    this.stripe = new Stripe(options.secretKey, {
      maxNetworkRetries: 2,
      timeout: 20_000,
      appInfo: { name: 'tenancy' },
      ...(base
        ? {
            host: base.hostname,
            port: Number(base.port || (base.protocol === 'https:' ? 443 : 80)),
            protocol: base.protocol.replace(':', '') as 'http' | 'https',
          }
        : {}),
    })
  }

  private async call<T>(fn: () => Promise<T>): Promise<T> {
    try {
      return await fn()
    } catch (error) {
      if (
        error instanceof Stripe.errors.StripeConnectionError ||
        error instanceof Stripe.errors.StripeAPIError ||
        error instanceof Stripe.errors.StripeRateLimitError
      ) {
        throw new StripeUnavailableError(`Stripe is unavailable: ${error.message}`)
      }
      throw error
    }
  }

  private async priceId(lookupKey: string): Promise<string> {
    const cached = this.prices.get(lookupKey)
    if (cached) return cached
    const list = await this.call(() => this.stripe.prices.list({ lookup_keys: [lookupKey], active: true, limit: 1 }))
    const price = list.data[0]
    if (!price) throw new Error(`No active Stripe price has the lookup key "${lookupKey}": create it in the Stripe dashboard`)
    this.prices.set(lookupKey, price.id)
    return price.id
  }

  async createCustomer(input: { orgId: string; name: string; email: string | null }) {
    const customer = await this.call(() =>
      this.stripe.customers.create(
        { name: input.name, email: input.email ?? undefined, metadata: { orgId: input.orgId } },
        { idempotencyKey: `tenancy-customer-${input.orgId}` },
      ),
    )
    return { id: customer.id }
  }

  async createCheckoutSession(input: Parameters<StripePort['createCheckoutSession']>[0]) {
    const price = await this.priceId(input.lookupKey)
    const session = await this.call(() =>
      this.stripe.checkout.sessions.create(
        {
          mode: 'subscription',
          customer: input.customerId,
          client_reference_id: input.orgId,
          line_items: [{ price, quantity: 1 }],
          subscription_data: { ...(input.trialDays > 0 ? { trial_period_days: input.trialDays } : {}), metadata: { orgId: input.orgId } },
          metadata: { orgId: input.orgId },
          success_url: input.successUrl,
          cancel_url: input.cancelUrl,
        },
        { idempotencyKey: input.idempotencyKey },
      ),
    )
    if (!session.url) throw new Error('Stripe returned a checkout session without a URL')
    return { id: session.id, url: session.url }
  }

  async getCheckoutSession(id: string): Promise<StripeCheckoutSession> {
    const s = await this.call(() => this.stripe.checkout.sessions.retrieve(id))
    return {
      id: s.id,
      url: s.url,
      status: (s.status ?? 'open') as StripeCheckoutSession['status'],
      customerId: idOf(s.customer as string | { id: string } | null),
      subscriptionId: idOf(s.subscription as string | { id: string } | null),
      clientReferenceId: s.client_reference_id,
    }
  }

  async getSubscription(id: string) {
    return toSubscription(await this.call(() => this.stripe.subscriptions.retrieve(id)))
  }

  async getInvoice(id: string) {
    return toInvoice(await this.call(() => this.stripe.invoices.retrieve(id)))
  }

  async createPortalSession(input: { customerId: string; returnUrl: string }) {
    const session = await this.call(() =>
      this.stripe.billingPortal.sessions.create({ customer: input.customerId, return_url: input.returnUrl }),
    )
    return { url: session.url }
  }

  async changePlan(input: { subscriptionId: string; lookupKey: string; prorate: boolean }) {
    const price = await this.priceId(input.lookupKey)
    const current = await this.call(() => this.stripe.subscriptions.retrieve(input.subscriptionId))
    const item = current.items.data[0]
    if (!item) throw new Error(`Subscription ${input.subscriptionId} has no item`)
    const updated = await this.call(() =>
      this.stripe.subscriptions.update(input.subscriptionId, {
        items: [{ id: item.id, price }],
        proration_behavior: input.prorate ? 'always_invoice' : 'none',
      }),
    )
    return toSubscription(updated)
  }

  async setCancelAtPeriodEnd(input: { subscriptionId: string; cancelAtPeriodEnd: boolean }) {
    return toSubscription(
      await this.call(() => this.stripe.subscriptions.update(input.subscriptionId, { cancel_at_period_end: input.cancelAtPeriodEnd })),
    )
  }

  async addInvoiceItems(input: InvoiceItemsRequest) {
    const key = (what: string) => `tenancy-${what}-${input.tenancyInvoiceId}`
    const metadata = { tenancyInvoiceId: input.tenancyInvoiceId }
    const invoice = input.subscriptionId
      ? null
      : await this.call(() =>
          this.stripe.invoices.create(
            {
              customer: input.customerId,
              currency: input.currency,
              collection_method: 'send_invoice',
              days_until_due: input.daysUntilDue,
              auto_advance: true,
              pending_invoice_items_behavior: 'exclude',
              description: input.description,
              metadata,
            },
            { idempotencyKey: key('invoice') },
          ),
        )
    for (const item of input.items) {
      await this.call(() =>
        this.stripe.invoiceItems.create(
          {
            customer: input.customerId,
            currency: input.currency,
            amount: item.amountCents,
            description: item.description,
            metadata: { ...metadata, tenancyLine: item.key },
            ...(invoice ? { invoice: invoice.id } : { subscription: input.subscriptionId! }),
          },
          { idempotencyKey: key(`item-${item.key}`) },
        ),
      )
    }
    if (invoice && invoice.status === 'draft')
      await this.call(() => this.stripe.invoices.finalizeInvoice(invoice.id!, {}, { idempotencyKey: key('finalize') }))
    return { invoiceId: invoice?.id ?? null }
  }

  async cancelSubscription(input: { subscriptionId: string }) {
    const current = await this.call(() => this.stripe.subscriptions.retrieve(input.subscriptionId))
    // Stripe refuses to cancel a subscription twice: one already ended is returned as it is.
    if (current.status === 'canceled' || current.status === 'incomplete_expired') return toSubscription(current)
    return toSubscription(
      await this.call(() =>
        this.stripe.subscriptions.cancel(input.subscriptionId, {}, { idempotencyKey: `tenancy-cancel-${input.subscriptionId}` }),
      ),
    )
  }

  async setPaused(input: { subscriptionId: string; isPaused: boolean }) {
    return toSubscription(
      await this.call(() =>
        this.stripe.subscriptions.update(input.subscriptionId, { pause_collection: input.isPaused ? { behavior: 'void' } : '' }),
      ),
    )
  }
}

const KEY = Symbol.for('tenancy.stripe.port')
const holder = ((globalThis as Record<symbol, { port?: StripePort }>)[KEY] ??= {})

/** The configured Stripe port (billing `stripe`), or null with billing `none`. */
export function stripePort(): StripePort | null {
  if (holder.port) return holder.port
  const env = getEnv()
  if (env.billingMode !== 'stripe' || !env.STRIPE_SECRET_KEY) return null
  holder.port = new StripeSdk({ secretKey: env.STRIPE_SECRET_KEY, apiBase: env.STRIPE_API_BASE })
  return holder.port
}

/** Tests and tools: use this port (undefined: back to the configuration). */
export function configureStripe(port: StripePort | undefined): void {
  holder.port = port
}
