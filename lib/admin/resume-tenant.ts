/** Resume a suspended instance (the resume workflow restores its replicas). */
import { z } from 'zod'
import { recordAudit } from '../audit/record-audit'
import { AppError } from '../errors/app-error'
import { jobs } from '../jobs/jobs'
import { auditActor, type AdminActor } from './admin-actor'
import { adminEventId, loadAdminTenant } from './admin-tenant'
import { reasonField } from './reason'

export const resumeTenantInput = z.object({ tenantId: z.string().min(1), reason: reasonField })

export async function resumeTenant(raw: z.input<typeof resumeTenantInput>, actor: AdminActor): Promise<{ state: string }> {
  const input = resumeTenantInput.parse(raw)
  const tenant = await loadAdminTenant(input.tenantId)
  if (tenant.state !== 'SUSPENDED')
    throw new AppError('CONFLICT', `The instance is ${tenant.state.toLowerCase()}; only a suspended instance can be resumed`)
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
