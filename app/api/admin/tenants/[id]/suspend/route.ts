// POST /api/admin/tenants/<id>/suspend { reason } → the suspend workflow requested, audited.
import { adminWriteRoute } from '@/app/_server/admin-route'
import { readJson } from '@/app/_server/route'
import { suspendTenant, suspendTenantInput } from '@/lib/admin/suspend-tenant'

export const POST = adminWriteRoute<{ id: string }>('tenant.suspend', async (request, _ctx, actor, { id }) =>
  suspendTenant(suspendTenantInput.parse({ ...(await readJson(request)), tenantId: id }), actor),
)
