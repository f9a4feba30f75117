/**
 * The billing sweep (every minute, a few indexed queries whatever the number of organizations):
 * trial reminders 7 and 2 days before the end, trial expiry (billing `none`; Stripe decides in
 * `stripe` mode) → EXPIRED + suspend, dunning past its grace period → suspend, and instances
 * billing suspended whose subscription has recovered → resume. Every effect is idempotent.
 */
import { recordAudit } from '../audit/record-audit'
import { now } from '../clock'
import { db } from '../db'
import { getEnv } from '../env'
import { findPlan } from '../plans/catalog'
import { notifyBillingContacts } from './notify-billing-contacts'
import type { StripePort } from '../stripe/port'
import { recordPlanPeriod } from './record-plan-period'
import { syncStripeSubscription } from './sync-stripe-subscription'
import { BILLING_SUSPEND_REASONS, changePlanForBilling, resumeAfterBilling, suspendForBilling } from './tenant-actions'

const DAY = 86_400_000
export const TRIAL_REMINDER_DAYS = [7, 2] as const

export interface SweepOutcome {
  downgrades: number
  reminders: number
  expired: number
  suspendedForPayment: number
  resumed: number
}

export async function sweepSubscriptions(at: Date = now(), stripe: StripePort | null = null): Promise<SweepOutcome> {
  return {
    downgrades: await applyDowngrades(at, stripe),
    reminders: await sendTrialReminders(at),
    expired: await expireTrials(at),
    suspendedForPayment: await suspendOverdue(at),
    resumed: await resumeRecovered(),
  }
}

/** The reminder due now (7 or 2), if the trial is long enough for it and it was not sent yet. */
export function reminderDue(input: { trialEndsAt: Date; trialStartedAt: Date; lastSentDays: number | null; at: Date }): 7 | 2 | null {
  const left = input.trialEndsAt.getTime() - input.at.getTime()
  if (left <= 0) return null
  const length = input.trialEndsAt.getTime() - input.trialStartedAt.getTime()
  for (const days of [...TRIAL_REMINDER_DAYS].reverse()) {
    // the smallest threshold reached wins; a reminder is never sent for a threshold the trial began inside
    if (left <= days * DAY && length > days * DAY && (input.lastSentDays === null || input.lastSentDays > days)) return days
  }
  return null
}

/** Downgrades scheduled for the period end, once it has come (a free target on Stripe comes by the cancellation webhook). */
async function applyDowngrades(at: Date, stripe: StripePort | null): Promise<number> {
  const due = await db.subscription.findMany({
    where: { pendingPlanId: { not: null }, OR: [{ currentPeriodEnd: { lte: at } }, { currentPeriodEnd: null, trialEndsAt: { lte: at } }] },
    select: { id: true, orgId: true, planId: true, pendingPlanId: true, stripeSubscriptionId: true, currentPeriodEnd: true },
  })
  let applied = 0
  for (const sub of due) {
    const target = findPlan(sub.pendingPlanId!)
    if (!target) continue
    const key = `downgrade:${sub.id}:${sub.currentPeriodEnd?.getTime() ?? 0}`
    if (sub.stripeSubscriptionId) {
      if (!stripe || !target.stripeLookupKey) continue
      const updated = await stripe.changePlan({
        subscriptionId: sub.stripeSubscriptionId,
        lookupKey: target.stripeLookupKey,
        prorate: false,
      })
      await syncStripeSubscription(updated, { sourceKey: key })
    } else {
      const start = sub.currentPeriodEnd ?? at
      const claimed = await db.subscription.updateMany({
        where: { id: sub.id, pendingPlanId: target.id },
        data: {
          planId: target.id,
          pendingPlanId: null,
          stripePriceKey: target.stripeLookupKey,
          currentPeriodStart: start,
          currentPeriodEnd: new Date(
            Date.UTC(start.getUTCFullYear(), start.getUTCMonth() + 1, start.getUTCDate(), start.getUTCHours(), start.getUTCMinutes()),
          ),
        },
      })
      if (!claimed.count) continue
      await recordPlanPeriod(sub.orgId, { at: start })
      await changePlanForBilling({ orgId: sub.orgId, toPlanId: target.id, key })
    }
    await recordAudit({
      action: 'billing.plan.downgraded',
      actorType: 'SYSTEM',
      orgId: sub.orgId,
      targetType: 'subscription',
      targetId: sub.id,
      before: { planId: sub.planId },
      after: { planId: target.id },
    })
    applied++
  }
  return applied
}

async function sendTrialReminders(at: Date): Promise<number> {
  const candidates = await db.subscription.findMany({
    where: {
      status: 'TRIALING',
      trialEndsAt: { gt: at, lte: new Date(at.getTime() + 7 * DAY) },
      OR: [{ trialReminderDays: null }, { trialReminderDays: { gt: 2 } }],
    },
    select: {
      id: true,
      orgId: true,
      planId: true,
      trialEndsAt: true,
      createdAt: true,
      trialReminderDays: true,
      org: { select: { name: true, slug: true } },
    },
  })
  let sent = 0
  for (const sub of candidates) {
    const days = reminderDue({ trialEndsAt: sub.trialEndsAt!, trialStartedAt: sub.createdAt, lastSentDays: sub.trialReminderDays, at })
    if (!days) continue
    const claimed = await db.subscription.updateMany({
      where: { id: sub.id, trialEndsAt: sub.trialEndsAt, trialReminderDays: sub.trialReminderDays },
      data: { trialReminderDays: days },
    })
    if (!claimed.count) continue
    await notifyBillingContacts({
      orgId: sub.orgId,
      template: 'trial-ending',
      dedupeKey: `trial-ending:${days}:${sub.id}:${sub.trialEndsAt!.toISOString()}`,
      data: {
        orgName: sub.org.name,
        planName: findPlan(sub.planId)?.name ?? sub.planId,
        daysLeft: Math.ceil((sub.trialEndsAt!.getTime() - at.getTime()) / DAY),
        url: `${getEnv().appUrl}/${sub.org.slug}/billing`,
        trialEndsAt: sub.trialEndsAt!.toISOString(),
      },
    })
    sent++
  }
  return sent
}

async function expireTrials(at: Date): Promise<number> {
  const due = await db.subscription.findMany({
    where: { status: 'TRIALING', trialEndsAt: { lte: at }, stripeSubscriptionId: null },
    select: { id: true, orgId: true, planId: true, trialEndsAt: true, org: { select: { name: true, slug: true } } },
  })
  let expired = 0
  for (const sub of due) {
    const claimed = await db.subscription.updateMany({
      where: { id: sub.id, status: 'TRIALING', trialEndsAt: sub.trialEndsAt },
      data: { status: 'EXPIRED' },
    })
    if (!claimed.count) continue
    await recordPlanPeriod(sub.orgId, { at: sub.trialEndsAt! })
    const planName = findPlan(sub.planId)?.name ?? sub.planId
    await recordAudit({
      action: 'billing.trial.expired',
      actorType: 'SYSTEM',
      orgId: sub.orgId,
      targetType: 'subscription',
      targetId: sub.id,
      before: { status: 'TRIALING' },
      after: { status: 'EXPIRED', trialEndsAt: sub.trialEndsAt },
    })
    await suspendForBilling({ orgId: sub.orgId, reason: BILLING_SUSPEND_REASONS.trialExpired, key: `trial:${sub.trialEndsAt!.getTime()}` })
    await notifyBillingContacts({
      orgId: sub.orgId,
      template: 'trial-expired',
      dedupeKey: `trial-expired:${sub.id}:${sub.trialEndsAt!.toISOString()}`,
      data: { orgName: sub.org.name, planName, url: `${getEnv().appUrl}/${sub.org.slug}/billing` },
    })
    expired++
  }
  return expired
}

async function suspendOverdue(at: Date): Promise<number> {
  const due = await db.subscription.findMany({
    where: { pastDueSince: { not: null }, graceEndsAt: { lte: at }, org: { tenants: { some: { state: { in: ['ACTIVE', 'UPDATING'] } } } } },
    select: { id: true, orgId: true, graceEndsAt: true, pastDueSince: true },
  })
  let suspended = 0
  for (const sub of due) {
    const tenantId = await suspendForBilling({
      orgId: sub.orgId,
      reason: BILLING_SUSPEND_REASONS.paymentOverdue,
      key: `overdue:${sub.pastDueSince!.getTime()}`,
    })
    if (!tenantId) continue
    await recordAudit({
      action: 'billing.dunning.suspend_requested',
      actorType: 'SYSTEM',
      orgId: sub.orgId,
      tenantId,
      targetType: 'subscription',
      targetId: sub.id,
      after: { graceEndsAt: sub.graceEndsAt },
    })
    suspended++
  }
  return suspended
}

async function resumeRecovered(): Promise<number> {
  const tenants = await db.tenant.findMany({
    where: {
      state: 'SUSPENDED',
      suspendReason: { in: [BILLING_SUSPEND_REASONS.paymentOverdue, BILLING_SUSPEND_REASONS.trialExpired] },
      org: { subscription: { status: { in: ['ACTIVE', 'TRIALING'] }, pastDueSince: null } },
    },
    select: { orgId: true, suspendedAt: true },
  })
  let resumed = 0
  for (const t of tenants) if (await resumeAfterBilling({ orgId: t.orgId, key: `recovered:${t.suspendedAt?.getTime() ?? 0}` })) resumed++
  return resumed
}
