// POST /api/invitations/accept { token } → membership for the signed-in user whose email was invited.
import { z } from 'zod'
import { acceptInvitation } from '@/lib/orgs/accept-invitation'
import { INVITATION_NOT_FOUND_MESSAGE } from '@/lib/orgs/invitation-token'
import { textField } from '@/lib/errors/input'
import { jsonRoute, readJson } from '@/app/_server/route'
import { requireApiUser } from '@/app/_server/require-api-user'

const input = z.object({ token: textField(INVITATION_NOT_FOUND_MESSAGE, 200, INVITATION_NOT_FOUND_MESSAGE) })

export const POST = jsonRoute(async (request, ctx) => {
  const user = await requireApiUser(request)
  const { orgSlug } = await acceptInvitation({ token: input.parse(await readJson(request)).token, userId: user.id }, ctx)
  return { orgSlug }
})
