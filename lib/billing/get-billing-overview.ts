/**
 * What the billing page and the dashboard banner show, as a plain DTO: the plan, the
 * subscription's state and dates, dunning, and which plan changes are offered.
 */
import { now } from '../clock'
import { db, type SubscriptionStatus } from '../db'
import { getEnv } from '../env'
import { getCatalog, findPlan, formatPrice, type Plan } from '../plans/catalog'

export interface BillingOverview {
  billingMode: 'none' | 'stripe'
  plan: { id: string; name: string; price: string }
  status: string
  trialEndsAt: string | null
  currentPeriodEnd: string | null
  cancelAtPeriodEnd: boolean
  pendingPlan: { id: string; name: string } | null
  pausedAt: string | null
  pauseReason: string | null
  dunning: { since: string; graceEndsAt: string | null; isGraceOver: boolean } | null
  needsCheckout: boolean
  /** Billing `none`: the trial's paid plan can become an active subscription. */
  canActivate: boolean
  hasStripeCustomer: boolean
  /** The subscription runs (trial, active, paused, overdue): it can be canceled at the period end, or the cancellation taken back. */
  canCancel: boolean
  /** Pause an active subscription, resume a paused one. */
  pauseChange: 'pause' | 'resume' | null
  planChoices: { id: string; name: string; price: string; isUpgrade: boolean }[]
}

/**
 * Plans an organization may move to by itself: the plans of its app that do not expire (a demo),
 * priced (by contract: with a Stripe price).
 */
export function changeablePlans(billingMode: 'none' | 'stripe', appId: string): Plan[] {
  return getCatalog().filter(
    (p) =>
      p.app === appId && p.expiresAfterDays === null && (p.priceCents !== null || (billingMode === 'stripe' && p.stripeLookupKey !== null)),
  )
}

/** Rank for upgrade/downgrade: by list price, a plan priced by contract above every listed one. */
export function planRank(plan: Plan): number {
  return plan.priceCents ?? Number.MAX_SAFE_INTEGER
}

/** Subscriptions the billing page offers to cancel (at the period end) or to keep. */
const RUNNING: readonly SubscriptionStatus[] = ['ACTIVE', 'TRIALING', 'PAUSED', 'PAST_DUE']

/** Scoped by an organization id the caller has already authorized. */
export async function getBillingOverview(orgId: string): Promise<BillingOverview | null> {
  const sub = await db.subscription.findUnique({ where: { orgId }, include: { org: { select: { stripeCustomerId: true } } } })
  if (!sub) return null
  const env = getEnv()
  const plan = findPlan(sub.planId)
  const pending = sub.pendingPlanId ? findPlan(sub.pendingPlanId) : undefined
  return {
    billingMode: env.billingMode,
    plan: { id: sub.planId, name: plan?.name ?? sub.planId, price: plan ? formatPrice(plan) : '' },
    status: sub.status,
    trialEndsAt: sub.trialEndsAt?.toISOString() ?? null,
    currentPeriodEnd: sub.currentPeriodEnd?.toISOString() ?? null,
    cancelAtPeriodEnd: sub.cancelAtPeriodEnd,
    pendingPlan: pending ? { id: pending.id, name: pending.name } : null,
    pausedAt: sub.pausedAt?.toISOString() ?? null,
    pauseReason: sub.pauseReason,
    dunning: sub.pastDueSince
      ? {
          since: sub.pastDueSince.toISOString(),
          graceEndsAt: sub.graceEndsAt?.toISOString() ?? null,
          isGraceOver: sub.graceEndsAt !== null && sub.graceEndsAt <= now(),
        }
      : null,
    needsCheckout: env.billingMode === 'stripe' && sub.status === 'INCOMPLETE',
    canActivate: env.billingMode === 'none' && (sub.status === 'TRIALING' || sub.status === 'EXPIRED') && Boolean(plan?.requiresPayment),
    hasStripeCustomer: sub.org.stripeCustomerId !== null,
    canCancel: RUNNING.includes(sub.status),
    pauseChange: sub.status === 'ACTIVE' ? 'pause' : sub.status === 'PAUSED' ? 'resume' : null,
    planChoices: changeablePlans(env.billingMode, plan?.app ?? '')
      .filter((p) => p.id !== sub.planId)
      .map((p) => ({ id: p.id, name: p.name, price: formatPrice(p), isUpgrade: plan ? planRank(p) > planRank(plan) : true })),
  }
}
