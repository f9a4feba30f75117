// POST /api/orgs/<slug>/slug { slug } → the organization's new address (owners and admins; refused
// once the instance exists, since it is served at <slug>.<BASE_DOMAIN>).
import { z } from 'zod'
import { changeOrganizationSlug } from '@/lib/orgs/update-organization'
import { SLUG_MESSAGES } from '@/lib/orgs/slug'
import { textField } from '@/lib/errors/input'
import { orgRoute } from '@/app/_server/org-route'
import { readJson } from '@/app/_server/route'

const input = z.object({ slug: textField(SLUG_MESSAGES.empty, 200, SLUG_MESSAGES.tooLong) })

export const POST = orgRoute(async (request, ctx, { org, user }) =>
  changeOrganizationSlug({ orgId: org.id, userId: user.id, slug: input.parse(await readJson(request)).slug }, ctx),
)
