'use server'
// The invitation link's page (/invite): the signed-in user whose address was invited joins the
// organization with the invited role, then lands on it.
import { redirect } from 'next/navigation'
import { z } from 'zod'
import { userAction } from '@/app/_server/action'
import { textField } from '@/lib/errors/input'
import { acceptInvitation } from '@/lib/orgs/accept-invitation'
import { INVITATION_NOT_FOUND_MESSAGE } from '@/lib/orgs/invitation-token'

export const acceptInvitationAction = userAction({
  name: 'accept-invitation',
  input: z.object({ token: textField(INVITATION_NOT_FOUND_MESSAGE, 200, INVITATION_NOT_FOUND_MESSAGE) }),
  run: async ({ token }, { user, request }) => {
    const { orgSlug } = await acceptInvitation({ token, userId: user.id }, request)
    redirect(`/${orgSlug}`)
  },
})
