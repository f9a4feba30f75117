/** Retry a failed provisioning from the first step (lib/provisioning/retry-provisioning.ts). */
import { z } from 'zod'
import { recordAudit } from '../audit/record-audit'
import { retryProvisioning } from '../provisioning/retry-provisioning'
import { auditActor } from './admin-actor'
import type { AdminContext } from './admin-context'
import { loadAdminTenant } from './admin-tenant'
import { reasonField } from './reason'

export const retryTenantProvisioningInput = z.object({ tenantId: z.string().min(1), reason: reasonField })

export async function retryTenantProvisioning(
  input: z.output<typeof retryTenantProvisioningInput>,
  { actor }: AdminContext,
): Promise<{ tenantId: string }> {
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
