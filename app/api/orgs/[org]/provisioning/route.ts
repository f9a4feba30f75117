// GET /api/orgs/<slug>/provisioning → the progress page's live status; members only (404 otherwise).
import { AppError } from '@/lib/errors/app-error'
import { requireMembership } from '@/lib/orgs/authorize'
import { getProvisioningStatus } from '@/lib/provisioning/get-provisioning-status'
import { jsonRoute } from '@/app/_server/route'
import { currentUser } from '@/app/_server/session'

export const dynamic = 'force-dynamic'

export async function GET(request: Request, { params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params
  return jsonRoute(async () => {
    const user = await currentUser()
    if (!user) throw new AppError('NOT_FOUND', 'Organization not found')
    const { org } = await requireMembership({ orgSlug: slug, userId: user.id })
    return getProvisioningStatus(org.id)
  })(request)
}
