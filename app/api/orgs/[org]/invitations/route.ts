// POST /api/orgs/<slug>/invitations { email, role } → an invitation email (owners and admins).
import { z } from 'zod'
import { createInvitation } from '@/lib/orgs/create-invitation'
import { memberRoleSchema } from '@/lib/orgs/change-member-role'
import { textField } from '@/lib/errors/input'
import { orgRoute } from '@/app/_server/org-route'
import { readJson } from '@/app/_server/route'

const input = z.object({ email: textField('Enter a valid email address', 320), role: memberRoleSchema })

export const POST = orgRoute(async (request, ctx, { org, user }) => {
  const body = input.parse(await readJson(request))
  const invitation = await createInvitation({ orgId: org.id, actorUserId: user.id, email: body.email, role: body.role }, ctx)
  // The token travels only in the email; the inviter gets the summary.
  return { id: invitation.id, email: invitation.email, role: invitation.role, expiresAt: invitation.expiresAt }
})
