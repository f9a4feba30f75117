// POST /api/orgs/<slug>/instance/domain { domain } → the instance is served there too (owners and admins);
// DELETE → back to its own address only.
import { z } from 'zod'
import { orgRoute } from '@/app/_server/org-route'
import { readJson } from '@/app/_server/route'
import { textField } from '@/lib/errors/input'
import { DOMAIN_MESSAGES, setCustomDomain } from '@/lib/provisioning/set-custom-domain'

export const dynamic = 'force-dynamic'

const input = z.object({ domain: textField(DOMAIN_MESSAGES.invalid, 300, DOMAIN_MESSAGES.tooLong) })

export const POST = orgRoute(async (request, ctx, { org, user }) =>
  setCustomDomain({ orgId: org.id, userId: user.id, domain: input.parse(await readJson(request)).domain }, ctx),
)

export const DELETE = orgRoute(async (_request, ctx, { org, user }) =>
  setCustomDomain({ orgId: org.id, userId: user.id, domain: null }, ctx),
)
