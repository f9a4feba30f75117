// POST /api/admin/tenants/<id>/plan { toPlanId, reason } → the change-plan workflow requested, audited.
import { adminWriteRoute } from '@/app/_server/admin-route'
import { readJson } from '@/app/_server/route'
import { changeTenantPlan, changeTenantPlanInput } from '@/lib/admin/change-tenant-plan'

export const POST = adminWriteRoute<{ id: string }>('tenant.change_plan', async (request, _ctx, actor, { id }) =>
  changeTenantPlan(changeTenantPlanInput.parse({ ...(await readJson(request)), tenantId: id }), actor),
)
