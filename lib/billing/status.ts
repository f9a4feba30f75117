/** Stripe's subscription statuses in ours, and the plan a Stripe price lookup key stands for. */
import type { SubscriptionStatus } from '../db'
import { getCatalog, type Plan } from '../plans/catalog'
import type { StripeSubscriptionStatus } from '../stripe/port'

const STATUS: Record<StripeSubscriptionStatus, SubscriptionStatus> = {
  trialing: 'TRIALING',
  active: 'ACTIVE',
  past_due: 'PAST_DUE',
  unpaid: 'PAST_DUE',
  canceled: 'CANCELED',
  incomplete: 'INCOMPLETE',
  incomplete_expired: 'EXPIRED',
  paused: 'PAUSED',
}

export function subscriptionStatusOf(status: StripeSubscriptionStatus): SubscriptionStatus {
  return STATUS[status] ?? 'INCOMPLETE'
}

export function planForLookupKey(lookupKey: string | null, catalog: Plan[] = getCatalog()): Plan | undefined {
  return lookupKey ? catalog.find((p) => p.stripeLookupKey === lookupKey) : undefined
}
