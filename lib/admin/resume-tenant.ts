/** Resume a suspended instance (the resume workflow restores its replicas). */
import { z } from 'zod'
import { jobs } from '../jobs/jobs'
import { assertAllowed } from '../provisioning/lifecycle'
import type { AdminContext } from './admin-context'
import { adminEventId, auditTenantAction, loadAdminTenant } from './admin-tenant'
import { reasonField } from './reason'

export const resumeTenantInput = z.object({ tenantId: z.string().min(1), reason: reasonField })

export async function resumeTenant(input: z.output<typeof resumeTenantInput>, { actor }: AdminContext): Promise<{ state: string }> {
  const tenant = await loadAdminTenant(input.tenantId)
  assertAllowed('resume', tenant.state)
  await jobs.send({
    name: 'tenant/resume.requested',
    id: adminEventId('resume', tenant.id),
    data: { tenantId: tenant.id, requestedBy: actor.userId },
  })
  await auditTenantAction(actor, tenant, {
    action: 'admin.tenant.resume',
    reason: input.reason,
    before: { state: tenant.state, suspendReason: tenant.suspendReason },
    after: { state: 'ACTIVE' },
  })
  return { state: tenant.state }
}
