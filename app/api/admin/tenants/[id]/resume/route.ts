// POST /api/admin/tenants/<id>/resume { reason } → the resume workflow requested, audited.
import { adminWriteRoute } from '@/app/_server/admin-route'
import { readJson } from '@/app/_server/route'
import { resumeTenant, resumeTenantInput } from '@/lib/admin/resume-tenant'

export const POST = adminWriteRoute<{ id: string }>('tenant.resume', async (request, _ctx, actor, { id }) =>
  resumeTenant(resumeTenantInput.parse({ ...(await readJson(request)), tenantId: id }), actor),
)
