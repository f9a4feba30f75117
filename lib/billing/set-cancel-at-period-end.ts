/** Cancel at the end of the current period (or take the cancellation back), by an owner. */
import { z } from 'zod'
import { recordAudit } from '../audit/record-audit'
import { db } from '../db'
import { AppError } from '../errors/app-error'
import { requireOrgRole } from '../orgs/authorize'
import { rolesWith } from '../orgs/roles'
import type { StripePort } from '../stripe/port'
import { syncStripeSubscription } from './sync-stripe-subscription'

export const cancelInput = z.object({
  orgId: z.string().min(1),
  userId: z.string().min(1),
  cancelAtPeriodEnd: z.boolean({ message: 'Say whether to cancel' }),
})

export async function setCancelAtPeriodEnd(
  input: z.input<typeof cancelInput>,
  stripe: StripePort | null,
): Promise<{ cancelAtPeriodEnd: boolean }> {
  const { orgId, userId, cancelAtPeriodEnd } = cancelInput.parse(input)
  await requireOrgRole({ orgId, userId, roles: rolesWith('own') })
  const sub = await db.subscription.findUnique({ where: { orgId } })
  if (!sub || sub.status === 'CANCELED' || sub.status === 'EXPIRED')
    throw new AppError('CONFLICT', 'There is no running subscription to cancel')
  if (sub.stripeSubscriptionId && stripe) {
    const updated = await stripe.setCancelAtPeriodEnd({ subscriptionId: sub.stripeSubscriptionId, cancelAtPeriodEnd })
    await syncStripeSubscription(updated, { sourceKey: `cancel:${sub.id}:${cancelAtPeriodEnd}` })
  } else {
    await db.subscription.update({ where: { id: sub.id }, data: { cancelAtPeriodEnd } })
  }
  await recordAudit({
    action: cancelAtPeriodEnd ? 'billing.subscription.cancel_scheduled' : 'billing.subscription.cancel_withdrawn',
    actorType: 'USER',
    actorUserId: userId,
    orgId,
    targetType: 'subscription',
    targetId: sub.id,
    before: { cancelAtPeriodEnd: sub.cancelAtPeriodEnd },
    after: { cancelAtPeriodEnd },
  })
  return { cancelAtPeriodEnd }
}
