'use server'
// Members → Remove, confirmed: owners and admins (admins cannot remove owners); the last owner stays.
import { z } from 'zod'
import { orgAction } from '@/app/_server/action'
import { MEMBER_NOT_FOUND_MESSAGE } from '@/lib/orgs/change-member-role'
import { removeMember } from '@/lib/orgs/remove-member'

export const removeMemberAction = orgAction({
  name: 'remove-member',
  input: z.object({ userId: z.string({ message: MEMBER_NOT_FOUND_MESSAGE }).min(1, MEMBER_NOT_FOUND_MESSAGE) }),
  run: ({ userId }, { org, user, request }) => removeMember({ orgId: org.id, actorUserId: user.id, memberUserId: userId }, request),
})
