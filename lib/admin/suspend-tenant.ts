/** Suspend: scale the instance to zero, volumes kept (the suspend workflow), with a reason. */
import { z } from 'zod'
import { recordAudit } from '../audit/record-audit'
import { AppError } from '../errors/app-error'
import { jobs } from '../jobs/jobs'
import { auditActor, type AdminActor } from './admin-actor'
import { adminEventId, loadAdminTenant } from './admin-tenant'
import { reasonField } from './reason'

export const suspendTenantInput = z.object({ tenantId: z.string().min(1), reason: reasonField })

export async function suspendTenant(raw: z.input<typeof suspendTenantInput>, actor: AdminActor): Promise<{ state: string }> {
  const input = suspendTenantInput.parse(raw)
  const tenant = await loadAdminTenant(input.tenantId)
  if (!['ACTIVE', 'UPDATING', 'FAILED'].includes(tenant.state))
    throw new AppError('CONFLICT', `The instance is ${tenant.state.toLowerCase()}; only a running (or failed) instance can be suspended`)
  await jobs.send({
    name: 'tenant/suspend.requested',
    id: adminEventId('suspend', tenant.id),
    data: { tenantId: tenant.id, reason: input.reason, requestedBy: actor.userId },
  })
  await recordAudit({
    ...auditActor(actor),
    action: 'admin.tenant.suspend',
    orgId: tenant.orgId,
    tenantId: tenant.id,
    targetType: 'Tenant',
    targetId: tenant.id,
    reason: input.reason,
    before: { state: tenant.state },
    after: { state: 'SUSPENDED', breakGlass: actor.breakGlassId },
  })
  return { state: tenant.state }
}
