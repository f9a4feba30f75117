// POST /api/admin/tenants/<id>/trial { days, reason } → the trial's end moved, audited.
import { adminWriteRoute } from '@/app/_server/admin-route'
import { readJson } from '@/app/_server/route'
import { extendTrial, extendTrialInput } from '@/lib/admin/extend-trial'

export const POST = adminWriteRoute<{ id: string }>('subscription.extend_trial', async (request, _ctx, actor, { id }) =>
  extendTrial(extendTrialInput.parse({ ...(await readJson(request)), tenantId: id }), actor),
)
