/**
 * Pause (collection stops, the instance is scaled to zero with its data kept) and resume, with a
 * reason code of at most 64 characters, timestamps and audit entries. Owners only.
 */
import { z } from 'zod'
import { recordAudit } from '../audit/record-audit'
import { now } from '../clock'
import { db } from '../db'
import { AppError } from '../errors/app-error'
import { requireOrgRole } from '../orgs/authorize'
import { rolesWith } from '../orgs/roles'
import type { StripePort } from '../stripe/port'
import { recordPlanPeriod } from './record-plan-period'
import { BILLING_SUSPEND_REASONS, resumeAfterBilling, suspendForBilling } from './tenant-actions'

export const pauseInput = z.object({
  orgId: z.string().min(1),
  userId: z.string().min(1),
  isPaused: z.boolean({ message: 'Say whether to pause or resume' }),
  reason: z
    .string({ message: 'Give a reason code' })
    .trim()
    .min(1, 'Give a reason code')
    .max(64, 'At most 64 characters')
    .regex(/^[a-z0-9][a-z0-9_.-]*$/, 'Lowercase letters, digits, dots, dashes and underscores, like seasonal_break'),
})

export async function pauseSubscription(
  input: z.input<typeof pauseInput>,
  stripe: StripePort | null,
): Promise<{ status: string; pausedAt: Date | null }> {
  const { orgId, userId, isPaused, reason } = pauseInput.parse(input)
  await requireOrgRole({ orgId, userId, roles: rolesWith('own') })
  const sub = await db.subscription.findUnique({ where: { orgId } })
  if (!sub) throw new AppError('NOT_FOUND', 'This organization has no subscription')
  if (isPaused && sub.status !== 'ACTIVE')
    throw new AppError(
      'CONFLICT',
      sub.status === 'PAUSED' ? 'The subscription is already paused' : 'Only an active subscription can be paused',
    )
  if (!isPaused && sub.status !== 'PAUSED') throw new AppError('CONFLICT', 'The subscription is not paused')
  if (sub.stripeSubscriptionId && stripe) await stripe.setPaused({ subscriptionId: sub.stripeSubscriptionId, isPaused })
  const at = now()
  const updated = await db.subscription.updateMany({
    where: { id: sub.id, status: { in: [sub.status, isPaused ? 'PAUSED' : 'ACTIVE'] } }, // the webhook may have applied it first
    data: isPaused ? { status: 'PAUSED', pausedAt: at, pauseReason: reason } : { status: 'ACTIVE', pausedAt: null, pauseReason: null },
  })
  if (!updated.count) throw new AppError('CONFLICT', 'The subscription changed meanwhile; reload and try again')
  await recordPlanPeriod(orgId, { at })
  await recordAudit({
    action: isPaused ? 'billing.subscription.paused' : 'billing.subscription.resumed',
    actorType: 'USER',
    actorUserId: userId,
    orgId,
    targetType: 'subscription',
    targetId: sub.id,
    reason,
    before: { status: sub.status, pausedAt: sub.pausedAt },
    after: { status: isPaused ? 'PAUSED' : 'ACTIVE', at },
  })
  if (isPaused) await suspendForBilling({ orgId, reason: BILLING_SUSPEND_REASONS.paused, key: `pause:${at.getTime()}` })
  else await resumeAfterBilling({ orgId, key: `unpause:${at.getTime()}` })
  return { status: isPaused ? 'PAUSED' : 'ACTIVE', pausedAt: isPaused ? at : null }
}
