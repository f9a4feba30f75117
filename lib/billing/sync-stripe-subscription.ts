/**
 * Applies a subscription as Stripe has it NOW (re-fetched, never the webhook payload) to ours.
 * Applying the same state twice changes nothing, and since every event re-reads the current
 * object, events arriving late or out of order converge on the same final state. The effects
 * follow from the change: provision on the first paid/trialing state, change plan, suspend on
 * cancellation, resume on recovery.
 */
import { recordAudit } from '../audit/record-audit'
import { now } from '../clock'
import { db, type Prisma, type SubscriptionStatus } from '../db'
import { getEnv } from '../env'
import type { StripeSubscription } from '../stripe/port'
import { findPlan } from '../plans/catalog'
import { recordPlanPeriod } from './record-plan-period'
import { planForLookupKey, subscriptionStatusOf } from './status'
import {
  BILLING_SUSPEND_REASONS,
  changePlanForBilling,
  provisionAfterCheckout,
  resumeAfterBilling,
  suspendForBilling,
} from './tenant-actions'

const DAY = 86_400_000
const LIVE: SubscriptionStatus[] = ['TRIALING', 'ACTIVE']

export interface SyncOutcome {
  orgId: string | null
  isChanged: boolean
  effects: string[]
}

export async function syncStripeSubscription(sub: StripeSubscription, options: { sourceKey: string }): Promise<SyncOutcome> {
  const ours = await db.subscription.findFirst({
    where: {
      OR: [{ stripeSubscriptionId: sub.id }, ...(sub.orgId ? [{ orgId: sub.orgId }] : []), { org: { stripeCustomerId: sub.customerId } }],
    },
    include: { org: { select: { id: true, slug: true, stripeCustomerId: true } } },
  })
  if (!ours) return { orgId: null, isChanged: false, effects: ['no organization has this subscription'] }
  // An old subscription of the customer (replaced by a newer one) must not overwrite the live one.
  if (ours.stripeSubscriptionId && ours.stripeSubscriptionId !== sub.id && !LIVE.includes(subscriptionStatusOf(sub.status))) {
    return { orgId: ours.orgId, isChanged: false, effects: ['an older subscription of this customer: ignored'] }
  }
  // A downgrade to a free plan cancels the Stripe subscription at the period end: the
  // organization then continues on the free plan instead of being suspended.
  const pendingFree = ours.pendingPlanId && !findPlan(ours.pendingPlanId)?.requiresPayment ? ours.pendingPlanId : null
  if (pendingFree && ours.stripeSubscriptionId === sub.id && subscriptionStatusOf(sub.status) === 'CANCELED') {
    await db.subscription.update({
      where: { id: ours.id },
      data: {
        planId: pendingFree,
        pendingPlanId: null,
        status: 'ACTIVE',
        stripeSubscriptionId: null,
        stripePriceKey: null,
        cancelAtPeriodEnd: false,
        canceledAt: sub.canceledAt,
        trialEndsAt: null,
        pastDueSince: null,
        graceEndsAt: null,
        stripeUpdatedAt: now(),
      },
    })
    await recordPlanPeriod(ours.orgId)
    await recordAudit({
      action: 'billing.plan.downgraded',
      actorType: 'STRIPE',
      orgId: ours.orgId,
      targetType: 'subscription',
      targetId: ours.id,
      before: { planId: ours.planId },
      after: { planId: pendingFree },
      reason: options.sourceKey,
    })
    const changed = await changePlanForBilling({ orgId: ours.orgId, toPlanId: pendingFree, key: options.sourceKey })
    return { orgId: ours.orgId, isChanged: true, effects: changed ? [`plan change to ${pendingFree} requested`] : [] }
  }
  const status = sub.isCollectionPaused && LIVE.includes(subscriptionStatusOf(sub.status)) ? 'PAUSED' : subscriptionStatusOf(sub.status)
  const planId = planForLookupKey(sub.lookupKey)?.id ?? ours.planId
  const at = now()
  const isOverdue = status === 'PAST_DUE'
  const next = {
    planId,
    status,
    stripeSubscriptionId: sub.id,
    stripePriceKey: sub.lookupKey,
    trialEndsAt: sub.trialEnd,
    currentPeriodStart: sub.currentPeriodStart,
    currentPeriodEnd: sub.currentPeriodEnd,
    cancelAtPeriodEnd: sub.cancelAtPeriodEnd,
    canceledAt: sub.canceledAt,
    pendingPlanId: ours.pendingPlanId === planId ? null : ours.pendingPlanId,
    trialReminderDays: ours.trialEndsAt?.getTime() === sub.trialEnd?.getTime() ? ours.trialReminderDays : null,
    pastDueSince: isOverdue ? (ours.pastDueSince ?? at) : LIVE.includes(status) ? null : ours.pastDueSince,
    graceEndsAt: isOverdue
      ? (ours.graceEndsAt ?? new Date(at.getTime() + getEnv().DUNNING_GRACE_DAYS * DAY))
      : LIVE.includes(status)
        ? null
        : ours.graceEndsAt,
  }
  const before = pick(ours)
  const after = pick(next)
  const isChanged = JSON.stringify(before) !== JSON.stringify(after)
  const effects: string[] = []
  if (isChanged) {
    await db.$transaction(async (tx) => {
      await tx.subscription.update({
        where: { id: ours.id },
        data: { ...next, stripeUpdatedAt: at } satisfies Prisma.SubscriptionUpdateInput,
      })
      if (!ours.org.stripeCustomerId)
        await tx.organization.update({ where: { id: ours.orgId }, data: { stripeCustomerId: sub.customerId } })
      await recordPlanPeriod(ours.orgId, { at, client: tx })
      await recordAudit(
        {
          action: 'billing.subscription.updated',
          actorType: 'STRIPE',
          orgId: ours.orgId,
          targetType: 'subscription',
          targetId: ours.id,
          before,
          after,
          reason: options.sourceKey,
        },
        tx,
      )
    })
  }
  if (LIVE.includes(status)) {
    const provisioned = await provisionAfterCheckout({ orgId: ours.orgId, slug: ours.org.slug, planId })
    if (provisioned.isNew) effects.push('provisioning requested')
    if (!provisioned.isNew && (await changePlanForBilling({ orgId: ours.orgId, toPlanId: planId, key: options.sourceKey })))
      effects.push(`plan change to ${planId} requested`)
    if (await resumeAfterBilling({ orgId: ours.orgId, key: options.sourceKey })) effects.push('resume requested')
  }
  if (
    (status === 'CANCELED' || status === 'EXPIRED') &&
    (await suspendForBilling({ orgId: ours.orgId, reason: BILLING_SUSPEND_REASONS.canceled, key: `canceled:${sub.id}` }))
  ) {
    effects.push('suspend requested')
  }
  return { orgId: ours.orgId, isChanged, effects }
}

function pick(s: {
  planId: string
  status: SubscriptionStatus
  stripeSubscriptionId: string | null
  trialEndsAt: Date | null
  currentPeriodStart: Date | null
  currentPeriodEnd: Date | null
  cancelAtPeriodEnd: boolean
  canceledAt: Date | null
  pastDueSince: Date | null
}) {
  return {
    planId: s.planId,
    status: s.status,
    stripeSubscriptionId: s.stripeSubscriptionId,
    trialEndsAt: s.trialEndsAt?.toISOString() ?? null,
    currentPeriodStart: s.currentPeriodStart?.toISOString() ?? null,
    currentPeriodEnd: s.currentPeriodEnd?.toISOString() ?? null,
    cancelAtPeriodEnd: s.cancelAtPeriodEnd,
    canceledAt: s.canceledAt?.toISOString() ?? null,
    isPastDue: s.pastDueSince !== null,
  }
}
