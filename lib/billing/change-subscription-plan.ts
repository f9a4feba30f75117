/**
 * Change plan, by an owner or admin. An upgrade applies now: with Stripe the subscription's
 * price changes with proration (or Checkout opens when there is no paid subscription yet);
 * without Stripe the plan changes at once. A downgrade is refused while the instance's usage
 * exceeds the new plan, and otherwise takes effect at the end of the current period.
 */
import { z } from 'zod'
import { findApp } from '../apps/catalog'
import { needsOf } from '../apps/platform'
import { recordAudit } from '../audit/record-audit'
import { now } from '../clock'
import { db } from '../db'
import { getEnv } from '../env'
import { AppError } from '../errors/app-error'
import { requireOrgRole } from '../orgs/authorize'
import { rolesWith } from '../orgs/roles'
import { findPlan, type Plan } from '../plans/catalog'
import { planFitProblems } from '../provisioning/check-plan-fit'
import type { StripePort } from '../stripe/port'
import { createCheckoutSession } from './create-checkout-session'
import { changeablePlans, planRank } from './get-billing-overview'
import { recordPlanPeriod } from './record-plan-period'
import { syncStripeSubscription } from './sync-stripe-subscription'
import { changePlanForBilling, currentTenant } from './tenant-actions'

export const changePlanInput = z.object({ orgId: z.string().min(1), userId: z.string().min(1), planId: z.string().min(1, 'Choose a plan') })

export type PlanChangeResult = { effective: 'now' | 'period-end'; planId: string; checkoutUrl?: string }

/** Stored bytes by the latest metering window (sum over the instance's volumes). */
async function storedBytes(tenantId: string): Promise<number | null> {
  const latest = await db.usageSample.findFirst({
    where: { tenantId, metric: 'STORAGE_USED_BYTES', isGap: false },
    orderBy: { windowStart: 'desc' },
    select: { windowStart: true },
  })
  if (!latest) return null
  const sum = await db.usageSample.aggregate({
    where: { tenantId, metric: 'STORAGE_USED_BYTES', windowStart: latest.windowStart },
    _sum: { value: true },
  })
  return Number(sum._sum.value ?? 0)
}

export async function usageProblems(orgId: string, plan: Plan): Promise<string[]> {
  const tenant = await currentTenant(orgId)
  if (!tenant) return []
  // Stored data only: what the namespace holds now is the workflow's guard (steps/guard-plan-change.ts).
  const app = findApp(plan.app)
  if (!app) return []
  return planFitProblems(plan, needsOf(app, plan), { quotaUsed: null, storedBytes: await storedBytes(tenant.id) })
}

export async function changeSubscriptionPlan(input: z.input<typeof changePlanInput>, stripe: StripePort | null): Promise<PlanChangeResult> {
  const { orgId, userId, planId } = changePlanInput.parse(input)
  await requireOrgRole({ orgId, userId, roles: rolesWith('manage') })
  const mode = getEnv().billingMode
  const sub = await db.subscription.findUnique({ where: { orgId } })
  if (!sub) throw new AppError('NOT_FOUND', 'This organization has no subscription')
  const current = findPlan(sub.planId)
  // The plans of the app the instance runs: a plan change never changes the app.
  const target = changeablePlans(mode, current?.app ?? '').find((p) => p.id === planId)
  if (!target)
    throw new AppError('VALIDATION', 'Choose one of the plans shown', { fieldErrors: { planId: ['Choose one of the plans shown'] } })
  if (target.id === sub.planId) throw new AppError('CONFLICT', `You are already on the ${target.name} plan`)
  if (sub.status === 'INCOMPLETE') throw new AppError('PRECONDITION_FAILED', 'Complete the checkout first')
  const audit = { actorType: 'USER' as const, actorUserId: userId, orgId, targetType: 'subscription', targetId: sub.id }

  if (current && planRank(target) <= planRank(current)) {
    const problems = await usageProblems(orgId, target)
    if (problems.length) {
      const message = `Your instance uses more than the ${target.name} plan allows: ${problems.join('; ')}`
      throw new AppError('CONFLICT', message, { fieldErrors: { planId: [message] } })
    }
    if (stripe && sub.stripeSubscriptionId && !target.requiresPayment)
      await stripe.setCancelAtPeriodEnd({ subscriptionId: sub.stripeSubscriptionId, cancelAtPeriodEnd: true })
    await db.subscription.update({ where: { id: sub.id }, data: { pendingPlanId: target.id } })
    await recordAudit({
      ...audit,
      action: 'billing.plan.downgrade_scheduled',
      before: { planId: sub.planId },
      after: { pendingPlanId: target.id, at: sub.currentPeriodEnd ?? sub.trialEndsAt },
    })
    return { effective: 'period-end', planId: target.id }
  }

  if (mode === 'stripe' && target.requiresPayment) {
    if (!stripe) throw new AppError('PRECONDITION_FAILED', 'Payments are not enabled on this installation')
    if (!sub.stripeSubscriptionId || sub.status === 'CANCELED' || sub.status === 'EXPIRED') {
      const { url } = await createCheckoutSession({ orgId, userId, planId: target.id }, stripe)
      return { effective: 'now', planId: target.id, checkoutUrl: url }
    }
    const updated = await stripe.changePlan({ subscriptionId: sub.stripeSubscriptionId, lookupKey: target.stripeLookupKey!, prorate: true })
    await recordAudit({
      ...audit,
      action: 'billing.plan.upgraded',
      before: { planId: sub.planId },
      after: { planId: target.id, proration: true },
    })
    await syncStripeSubscription(updated, { sourceKey: `upgrade:${sub.id}:${target.id}:${now().getTime()}` })
    return { effective: 'now', planId: target.id }
  }

  await db.subscription.update({
    where: { id: sub.id },
    data: {
      planId: target.id,
      pendingPlanId: null,
      stripePriceKey: target.stripeLookupKey,
      ...(sub.status === 'EXPIRED' ? { status: 'ACTIVE' } : {}),
    },
  })
  await recordPlanPeriod(orgId)
  await recordAudit({ ...audit, action: 'billing.plan.upgraded', before: { planId: sub.planId }, after: { planId: target.id } })
  await changePlanForBilling({ orgId, toPlanId: target.id, key: `upgrade:${sub.id}:${target.id}:${now().getTime()}`, requestedBy: userId })
  return { effective: 'now', planId: target.id }
}
