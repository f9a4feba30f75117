// POST /api/orgs/<slug>/invitations { email, role } → an invitation email (owners and admins).
import { z } from 'zod'
import { AppError } from '@/lib/errors/app-error'
import { requireMembership } from '@/lib/orgs/authorize'
import { createInvitation } from '@/lib/orgs/create-invitation'
import { jsonRoute, readJson } from '@/app/_server/route'
import { currentUser } from '@/app/_server/session'

const input = z.object({ email: z.string().max(320), role: z.string().max(20) })

export async function POST(request: Request, { params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params
  return jsonRoute(async (req, ctx) => {
    const user = await currentUser()
    if (!user) throw new AppError('NOT_FOUND', 'Organization not found')
    const { org } = await requireMembership({ orgSlug: slug, userId: user.id })
    const body = input.parse(await readJson(req))
    const invitation = await createInvitation({ orgId: org.id, actorUserId: user.id, email: body.email, role: body.role as never }, ctx)
    // The token travels only in the email; the inviter gets the summary.
    return { id: invitation.id, email: invitation.email, role: invitation.role, expiresAt: invitation.expiresAt }
  })(request)
}
