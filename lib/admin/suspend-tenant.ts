/** Suspend: scale the instance to zero, volumes kept (the suspend workflow), with a reason. */
import { z } from 'zod'
import { jobs } from '../jobs/jobs'
import { assertAllowed } from '../provisioning/lifecycle'
import type { AdminContext } from './admin-context'
import { adminEventId, auditTenantAction, loadAdminTenant } from './admin-tenant'
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
  await auditTenantAction(actor, tenant, {
    action: 'admin.tenant.suspend',
    reason: input.reason,
    before: { state: tenant.state },
    after: { state: 'SUSPENDED' },
  })
  return { state: tenant.state }
}
