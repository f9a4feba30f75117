// POST /api/admin/tenants/<id>/deprovision { reason, confirmation: <slug> } → the deprovision workflow requested, audited.
import { adminWriteRoute } from '@/app/_server/admin-route'
import { readJson } from '@/app/_server/route'
import { deprovisionTenant, deprovisionTenantInput } from '@/lib/admin/deprovision-tenant'

export const POST = adminWriteRoute<{ id: string }>('tenant.deprovision', async (request, _ctx, actor, { id }) =>
  deprovisionTenant(deprovisionTenantInput.parse({ ...(await readJson(request)), tenantId: id }), actor),
)
