/**
 * Billing `none`: an owner subscribes to the paid plan being tried (during the trial or after it
 * expired). The subscription becomes ACTIVE at once and is invoiced monthly by Tenancy itself (a
 * super-admin marks the invoices paid); an instance suspended by the trial's end resumes. With
 * Stripe, paying goes through Checkout instead.
 */
import { z } from 'zod'
import { recordAudit } from '../audit/record-audit'
import { now } from '../clock'
import { db } from '../db'
import { getEnv } from '../env'
import { AppError } from '../errors/app-error'
import { requireOrgRole } from '../orgs/authorize'
import { rolesWith } from '../orgs/roles'
import { findPlan } from '../plans/catalog'
import { recordPlanPeriod } from './record-plan-period'
import { resumeAfterBilling } from './tenant-actions'

export const activateInput = z.object({ orgId: z.string().min(1), userId: z.string().min(1) })

export async function activateSubscription(input: z.input<typeof activateInput>): Promise<{ status: 'ACTIVE'; currentPeriodEnd: Date }> {
  const { orgId, userId } = activateInput.parse(input)
  await requireOrgRole({ orgId, userId, roles: rolesWith('own') })
  if (getEnv().billingMode === 'stripe') throw new AppError('PRECONDITION_FAILED', 'Subscribe through checkout on the billing page')
  const sub = await db.subscription.findUnique({ where: { orgId } })
  if (!sub || !['TRIALING', 'EXPIRED'].includes(sub.status) || !findPlan(sub.planId)?.requiresPayment)
    throw new AppError('CONFLICT', 'There is no trial to turn into a subscription')
  const at = now()
  const currentPeriodEnd = new Date(
    Date.UTC(at.getUTCFullYear(), at.getUTCMonth() + 1, at.getUTCDate(), at.getUTCHours(), at.getUTCMinutes()),
  )
  const updated = await db.subscription.updateMany({
    where: { id: sub.id, status: sub.status },
    data: { status: 'ACTIVE', trialEndsAt: null, currentPeriodStart: at, currentPeriodEnd },
  })
  if (!updated.count) throw new AppError('CONFLICT', 'The subscription changed meanwhile; reload and try again')
  await recordPlanPeriod(orgId, { at })
  await recordAudit({
    action: 'billing.subscription.activated',
    actorType: 'USER',
    actorUserId: userId,
    orgId,
    targetType: 'subscription',
    targetId: sub.id,
    before: { status: sub.status, trialEndsAt: sub.trialEndsAt },
    after: { status: 'ACTIVE', planId: sub.planId },
  })
  await resumeAfterBilling({ orgId, key: `activated:${at.getTime()}` })
  return { status: 'ACTIVE', currentPeriodEnd }
}
