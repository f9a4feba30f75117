'use server'
// Members → a member's role, confirmed: owners and admins (admins cannot touch owners); the last owner stays.
import { z } from 'zod'
import { orgAction } from '@/app/_server/action'
import { changeMemberRole, MEMBER_NOT_FOUND_MESSAGE, memberRoleSchema } from '@/lib/orgs/change-member-role'

export const changeMemberRoleAction = orgAction({
  name: 'change-member-role',
  input: z.object({ userId: z.string({ message: MEMBER_NOT_FOUND_MESSAGE }).min(1, MEMBER_NOT_FOUND_MESSAGE), role: memberRoleSchema }),
  run: ({ userId, role }, { org, user, request }) =>
    changeMemberRole({ orgId: org.id, actorUserId: user.id, memberUserId: userId, role }, request),
})
