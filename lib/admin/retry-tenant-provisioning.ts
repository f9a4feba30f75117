/** Retry a failed provisioning from the first step (lib/provisioning/retry-provisioning.ts). */
import { z } from 'zod'
import { recordAudit } from '../audit/record-audit'
import { retryProvisioning } from '../provisioning/retry-provisioning'
import { auditActor, type AdminActor } from './admin-actor'
import { loadAdminTenant } from './admin-tenant'
import { reasonField } from './reason'

export const retryTenantProvisioningInput = z.object({ tenantId: z.string().min(1), reason: reasonField })

export async function retryTenantProvisioning(
  raw: z.input<typeof retryTenantProvisioningInput>,
  actor: AdminActor,
): Promise<{ tenantId: string }> {
  const input = retryTenantProvisioningInput.parse(raw)
  const tenant = await loadAdminTenant(input.tenantId)
  const result = await retryProvisioning({ orgId: tenant.orgId, userId: actor.userId, actorType: 'SUPER_ADMIN', tenantId: tenant.id })
  await recordAudit({
    ...auditActor(actor),
    action: 'admin.tenant.retry_provisioning',
    orgId: tenant.orgId,
    tenantId: tenant.id,
    targetType: 'Tenant',
    targetId: tenant.id,
    reason: input.reason,
    before: { state: tenant.state },
    after: { state: 'PENDING', breakGlass: actor.breakGlassId },
  })
  return result
}
