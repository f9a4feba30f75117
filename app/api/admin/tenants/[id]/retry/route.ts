// POST /api/admin/tenants/<id>/retry { reason } → a failed provisioning started again, audited.
import { adminWriteRoute } from '@/app/_server/admin-route'
import { readJson } from '@/app/_server/route'
import { retryTenantProvisioning, retryTenantProvisioningInput } from '@/lib/admin/retry-tenant-provisioning'

export const POST = adminWriteRoute<{ id: string }>('tenant.retry_provisioning', async (request, _ctx, actor, { id }) =>
  retryTenantProvisioning(retryTenantProvisioningInput.parse({ ...(await readJson(request)), tenantId: id }), actor),
)
