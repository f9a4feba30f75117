/**
 * Change an instance's plan (the change-plan workflow: usage guard, guardrails, helm upgrade).
 * The instance only: the subscription's price is billing's, changed through Stripe or the
 * customer's own plan change.
 */
import { z } from 'zod'
import { AppError } from '../errors/app-error'
import { jobs } from '../jobs/jobs'
import { findPlan } from '../plans/catalog'
import { assertAllowed } from '../provisioning/lifecycle'
import type { AdminContext } from './admin-context'
import { adminEventId, auditTenantAction, loadAdminTenant } from './admin-tenant'
import { reasonField } from './reason'

export const changeTenantPlanInput = z.object({
  tenantId: z.string().min(1),
  toPlanId: z.string({ message: 'Pick a plan' }).trim().min(1, 'Pick a plan'),
  reason: reasonField,
})

export async function changeTenantPlan(
  input: z.output<typeof changeTenantPlanInput>,
  { actor }: AdminContext,
): Promise<{ fromPlanId: string; toPlanId: string }> {
  const plan = findPlan(input.toPlanId)
  if (!plan) throw new AppError('VALIDATION', 'No such plan', { fieldErrors: { toPlanId: ['No such plan'] } })
  const tenant = await loadAdminTenant(input.tenantId)
  if (plan.app !== tenant.appId) {
    const message = `${plan.id} is a plan of ${plan.app}; this instance runs ${tenant.appId}`
    throw new AppError('VALIDATION', message, { fieldErrors: { toPlanId: [message] } })
  }
  if (tenant.planId === input.toPlanId) throw new AppError('CONFLICT', `The instance is already on ${input.toPlanId}`)
  assertAllowed('change-plan', tenant.state)
  await jobs.send({
    name: 'tenant/plan-change.requested',
    id: adminEventId('plan', tenant.id),
    data: { tenantId: tenant.id, toPlanId: input.toPlanId, requestedBy: actor.userId },
  })
  await auditTenantAction(actor, tenant, {
    action: 'admin.tenant.change_plan',
    reason: input.reason,
    before: { planId: tenant.planId },
    after: { planId: input.toPlanId },
  })
  return { fromPlanId: tenant.planId, toPlanId: input.toPlanId }
}
