'use server'
// Members → Invite a member: owners and admins send an invitation email.
import { z } from 'zod'
import { orgAction } from '@/app/_server/action'
import { textField } from '@/lib/errors/input'
import { memberRoleSchema } from '@/lib/orgs/change-member-role'
import { createInvitation } from '@/lib/orgs/create-invitation'

export const createInvitationAction = orgAction({
  name: 'create-invitation',
  input: z.object({ email: textField('Enter a valid email address', 320), role: memberRoleSchema }),
  run: async ({ email, role }, { org, user, request }) => {
    const invitation = await createInvitation({ orgId: org.id, actorUserId: user.id, email, role }, request)
    // The token travels only in the email; the inviter gets the summary.
    return { id: invitation.id, email: invitation.email, role: invitation.role, expiresAt: invitation.expiresAt }
  },
})
