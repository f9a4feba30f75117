/** Retry a failed provisioning from the first step (lib/provisioning/retry-provisioning.ts). */
import { z } from 'zod'
import { retryProvisioning } from '../provisioning/retry-provisioning'
import type { AdminContext } from './admin-context'
import { auditTenantAction, loadAdminTenant } from './admin-tenant'
import { reasonField } from './reason'

export const retryTenantProvisioningInput = z.object({ tenantId: z.string().min(1), reason: reasonField })

export async function retryTenantProvisioning(
  input: z.output<typeof retryTenantProvisioningInput>,
  { actor }: AdminContext,
): Promise<{ tenantId: string }> {
  const tenant = await loadAdminTenant(input.tenantId)
  const result = await retryProvisioning({ orgId: tenant.orgId, userId: actor.userId, actorType: 'SUPER_ADMIN', tenantId: tenant.id })
  await auditTenantAction(actor, tenant, {
    action: 'admin.tenant.retry_provisioning',
    reason: input.reason,
    before: { state: tenant.state },
    after: { state: 'PENDING' },
  })
  return result
}
