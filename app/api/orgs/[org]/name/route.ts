// POST /api/orgs/<slug>/name { name } → renamed (owners and admins).
import { z } from 'zod'
import { renameOrganization } from '@/lib/orgs/update-organization'
import { ORG_NAME_MESSAGES } from '@/lib/orgs/create-organization'
import { textField } from '@/lib/errors/input'
import { orgRoute } from '@/app/_server/org-route'
import { readJson } from '@/app/_server/route'

const input = z.object({ name: textField(ORG_NAME_MESSAGES.empty, 500, ORG_NAME_MESSAGES.tooLong) })

export const POST = orgRoute(async (request, ctx, { org, user }) =>
  renameOrganization({ orgId: org.id, userId: user.id, name: input.parse(await readJson(request)).name }, ctx),
)
