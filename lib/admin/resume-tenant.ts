/** Resume a suspended instance (the resume workflow restores its replicas). */
import { z } from 'zod'
import { recordAudit } from '../audit/record-audit'
import { jobs } from '../jobs/jobs'
import { assertAllowed } from '../provisioning/lifecycle'
import { auditActor } from './admin-actor'
import type { AdminContext } from './admin-context'
import { adminEventId, loadAdminTenant } from './admin-tenant'
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
  await recordAudit({
    ...auditActor(actor),
    action: 'admin.tenant.resume',
    orgId: tenant.orgId,
    tenantId: tenant.id,
    targetType: 'Tenant',
    targetId: tenant.id,
    reason: input.reason,
    before: { state: tenant.state, suspendReason: tenant.suspendReason },
    after: { state: 'ACTIVE', breakGlass: actor.breakGlassId },
  })
  return { state: tenant.state }
}
