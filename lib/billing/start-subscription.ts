/**
 * The organization's first subscription, at sign-up. Free runs at once; demo expires after its
 * days; paid plans start their trial (billing `none`; with Stripe, checkout comes first).
 * One subscription per organization.
 */
import { now as clockNow } from '../clock'
import { db } from '../db'
import { AppError } from '../errors/app-error'
import { findPlan, type Plan } from '../plans/catalog'
import { recordPlanPeriod } from './record-plan-period'

const DAY = 86_400_000

export function isSelfServe(plan: Plan): boolean {
  return plan.priceCents !== null
}

/**
 * `awaitsCheckout` (billing `stripe`, paid plans): the subscription waits INCOMPLETE for Stripe
 * Checkout; the trial starts when checkout completes and the webhook applies it.
 */
export async function startSubscription(input: {
  orgId: string
  planId: string
  now?: Date
  awaitsCheckout?: boolean
}): Promise<{ status: 'ACTIVE' | 'TRIALING' | 'INCOMPLETE'; trialEndsAt: Date | null }> {
  const plan = findPlan(input.planId)
  if (!plan || !isSelfServe(plan))
    throw new AppError('VALIDATION', 'Choose a plan', { fieldErrors: { planId: ['Choose one of the plans shown'] } })
  const now = input.now ?? clockNow()
  const existing = await db.subscription.findUnique({ where: { orgId: input.orgId }, select: { id: true } })
  if (existing) throw new AppError('CONFLICT', 'This organization already has a subscription')
  if (input.awaitsCheckout && plan.requiresPayment) {
    await db.subscription.create({
      data: { orgId: input.orgId, planId: plan.id, status: 'INCOMPLETE', stripePriceKey: plan.stripeLookupKey },
    })
    await recordPlanPeriod(input.orgId, { at: now })
    return { status: 'INCOMPLETE', trialEndsAt: null }
  }
  const days = plan.expiresAfterDays ?? (plan.requiresPayment ? plan.trialDays : 0)
  const trialEndsAt = days > 0 ? new Date(now.getTime() + days * DAY) : null
  const status = trialEndsAt ? ('TRIALING' as const) : ('ACTIVE' as const)
  await db.subscription.create({
    data: {
      orgId: input.orgId,
      planId: plan.id,
      status,
      trialEndsAt,
      stripePriceKey: plan.stripeLookupKey,
      currentPeriodStart: status === 'ACTIVE' ? now : null,
      currentPeriodEnd: status === 'ACTIVE' ? new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, now.getUTCDate())) : null,
    },
  })
  await recordPlanPeriod(input.orgId, { at: now })
  return { status, trialEndsAt }
}
