// POST /api/orgs/<slug>/deletion { confirmation } → deletion scheduled after the retention window;
// DELETE → undone (owners only).
import { z } from 'zod'
import { cancelOrganizationDeletion, requestOrganizationDeletion } from '@/lib/orgs/delete-organization'
import { textField } from '@/lib/errors/input'
import { orgRoute } from '@/app/_server/org-route'
import { readJson } from '@/app/_server/route'

const input = z.object({ confirmation: textField('Type the organization’s address to confirm', 200) })

export const POST = orgRoute(async (request, ctx, { org, user }) =>
  requestOrganizationDeletion({ orgId: org.id, userId: user.id, confirmation: input.parse(await readJson(request)).confirmation }, ctx),
)

export const DELETE = orgRoute(async (_request, ctx, { org, user }) => cancelOrganizationDeletion({ orgId: org.id, userId: user.id }, ctx))
