/**
 * The organization's first subscription, at sign-up. Free runs at once; demo expires after its
 * days; paid plans start their trial (billing `none`; with Stripe, checkout comes first).
 * One subscription per organization.
 */
import { db } from '../db'
import { AppError } from '../errors/app-error'
import { findPlan, type Plan } from '../plans/catalog'

const DAY = 86_400_000

export function isSelfServe(plan: Plan): boolean {
  return plan.priceCents !== null
}

export async function startSubscription(input: { orgId: string; planId: string; now?: Date }): Promise<{ status: 'ACTIVE' | 'TRIALING'; trialEndsAt: Date | null }> {
  const plan = findPlan(input.planId)
  if (!plan || !isSelfServe(plan)) throw new AppError('VALIDATION', 'Choose a plan', { fieldErrors: { planId: ['Choose one of the plans shown'] } })
  const now = input.now ?? new Date()
  const days = plan.expiresAfterDays ?? (plan.requiresPayment ? plan.trialDays : 0)
  const trialEndsAt = days > 0 ? new Date(now.getTime() + days * DAY) : null
  const status = trialEndsAt ? ('TRIALING' as const) : ('ACTIVE' as const)
  const existing = await db.subscription.findUnique({ where: { orgId: input.orgId }, select: { id: true } })
  if (existing) throw new AppError('CONFLICT', 'This organization already has a subscription')
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
  return { status, trialEndsAt }
}
