/**
 * Extend a trial by some days, from its current end (or from now when it already ended). Only
 * trials billed here: a Stripe subscription's trial is Stripe's and is extended there (its
 * webhook then brings the new date back).
 */
import { z } from 'zod'
import { recordAudit } from '../audit/record-audit'
import { db } from '../db'
import { AppError } from '../errors/app-error'
import { auditActor } from './admin-actor'
import type { AdminContext } from './admin-context'
import { loadAdminTenant } from './admin-tenant'
import { reasonField } from './reason'

export const extendTrialInput = z.object({
  tenantId: z.string().min(1),
  days: z.number({ message: 'Give a number of days' }).int('Whole days').min(1, 'At least 1 day').max(90, 'At most 90 days'),
  reason: reasonField,
})

/** Why a subscription's trial cannot be extended here, or null when it can (the page disables its button with it). */
export function trialExtensionRefusal(sub: { status: string; stripeSubscriptionId: string | null } | null): string | null {
  if (!sub || sub.status !== 'TRIALING') return 'This organization is not in a trial'
  if (sub.stripeSubscriptionId) return 'This trial is billed by Stripe: extend it in Stripe (the change comes back by webhook)'
  return null
}

export async function extendTrial(input: z.output<typeof extendTrialInput>, { actor, now }: AdminContext): Promise<{ trialEndsAt: Date }> {
  const tenant = await loadAdminTenant(input.tenantId)
  const sub = tenant.org.subscription
  const refusal = trialExtensionRefusal(sub)
  if (refusal || !sub) throw new AppError('CONFLICT', refusal ?? 'This organization is not in a trial')
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
