// PATCH /api/orgs/<slug>/members/<userId> { role } → the member's new role;
// DELETE /api/orgs/<slug>/members/<userId> → the member removed.
// Owners and admins (admins cannot touch owners); the last owner is refused with 409.
import { z } from 'zod'
import { changeMemberRole, memberRoleSchema } from '@/lib/orgs/change-member-role'
import { removeMember } from '@/lib/orgs/remove-member'
import { orgRoute } from '@/app/_server/org-route'
import { readJson } from '@/app/_server/route'

type Params = { org: string; userId: string }

const input = z.object({ role: memberRoleSchema })

export const PATCH = orgRoute<Params>(async (request, ctx, { org, user }, { userId }) =>
  changeMemberRole({ orgId: org.id, actorUserId: user.id, memberUserId: userId, role: input.parse(await readJson(request)).role }, ctx),
)

export const DELETE = orgRoute<Params>(async (_request, ctx, { org, user }, { userId }) =>
  removeMember({ orgId: org.id, actorUserId: user.id, memberUserId: userId }, ctx),
)
