/** Suspend: scale the instance to zero, volumes kept (the suspend workflow), with a reason. */
import { z } from 'zod'
import { recordAudit } from '../audit/record-audit'
import { jobs } from '../jobs/jobs'
import { assertAllowed } from '../provisioning/lifecycle'
import { auditActor } from './admin-actor'
import type { AdminContext } from './admin-context'
import { adminEventId, loadAdminTenant } from './admin-tenant'
import { reasonField } from './reason'

export const suspendTenantInput = z.object({ tenantId: z.string().min(1), reason: reasonField })

export async function suspendTenant(input: z.output<typeof suspendTenantInput>, { actor }: AdminContext): Promise<{ state: string }> {
  const tenant = await loadAdminTenant(input.tenantId)
  assertAllowed('suspend', tenant.state)
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
