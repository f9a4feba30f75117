/**
 * Extend a trial by some days, from its current end (or from now when it already ended). Only
 * trials billed here: a Stripe subscription's trial is Stripe's and is extended there (its
 * webhook then brings the new date back).
 */
import { z } from 'zod'
import { recordAudit } from '../audit/record-audit'
import { db } from '../db'
import { AppError } from '../errors/app-error'
import { auditActor, type AdminActor } from './admin-actor'
import { loadAdminTenant } from './admin-tenant'
import { reasonField } from './reason'

export const extendTrialInput = z.object({
  tenantId: z.string().min(1),
  days: z.number({ message: 'Give a number of days' }).int('Whole days').min(1, 'At least 1 day').max(90, 'At most 90 days'),
  reason: reasonField,
})

export async function extendTrial(
  raw: z.input<typeof extendTrialInput>,
  actor: AdminActor,
  now = new Date(),
): Promise<{ trialEndsAt: Date }> {
  const input = extendTrialInput.parse(raw)
  const tenant = await loadAdminTenant(input.tenantId)
  const sub = tenant.org.subscription
  if (!sub || sub.status !== 'TRIALING') throw new AppError('CONFLICT', 'This organization is not in a trial')
  if (sub.stripeSubscriptionId)
    throw new AppError('CONFLICT', 'This trial is billed by Stripe: extend it in Stripe (the change comes back by webhook)')
  const from = sub.trialEndsAt && sub.trialEndsAt > now ? sub.trialEndsAt : now
  const trialEndsAt = new Date(from.getTime() + input.days * 86_400_000)
  // Conditional on the value read, so two concurrent extensions do not both apply to the same end.
  const updated = await db.subscription.updateMany({
    where: { id: sub.id, status: 'TRIALING', trialEndsAt: sub.trialEndsAt },
    data: { trialEndsAt },
  })
  if (updated.count !== 1) throw new AppError('CONFLICT', 'The trial changed meanwhile; reload and try again')
  await recordAudit({
    ...auditActor(actor),
    action: 'admin.subscription.extend_trial',
    orgId: tenant.orgId,
    tenantId: tenant.id,
    targetType: 'Subscription',
    targetId: sub.id,
    reason: input.reason,
    before: { trialEndsAt: sub.trialEndsAt?.toISOString() ?? null },
    after: { trialEndsAt: trialEndsAt.toISOString(), days: input.days, breakGlass: actor.breakGlassId },
  })
  return { trialEndsAt }
}
