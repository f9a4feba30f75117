// DELETE /api/orgs/<slug>/membership → the signed-in user leaves the organization
// (409 for the last owner).
import { leaveOrganization } from '@/lib/orgs/leave-organization'
import { orgRoute } from '@/app/_server/org-route'

export const DELETE = orgRoute(async (_request, ctx, { org, user }) => leaveOrganization({ orgId: org.id, userId: user.id }, ctx))
