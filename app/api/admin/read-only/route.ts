// POST /api/admin/read-only { enabled, reason } → read-only mode switched (always allowed: it is the way out), audited.
import { adminSwitchRoute } from '@/app/_server/admin-route'
import { readJson } from '@/app/_server/route'
import { setReadOnly, setReadOnlyInput } from '@/lib/admin/set-read-only'

export const POST = adminSwitchRoute(async (request, _ctx, actor) => setReadOnly(setReadOnlyInput.parse(await readJson(request)), actor))
