// GET /api/signup/state → the wizard's saved answers (a page restored by Back re-reads them here).
import { jsonRoute } from '@/app/_server/route'
import { requireApiUser } from '@/app/_server/require-api-user'
import { readWizardState } from '@/app/_server/wizard'

export const dynamic = 'force-dynamic'

export const GET = jsonRoute(async (request) => {
  const user = await requireApiUser(request)
  return readWizardState(user.id, request)
})
