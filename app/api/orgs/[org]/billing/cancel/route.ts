// POST /api/orgs/<slug>/billing/cancel { cancelAtPeriodEnd } → cancel at the period end, or take it back (owners).
import { z } from 'zod'
import { setCancelAtPeriodEnd } from '@/lib/billing/set-cancel-at-period-end'
import { stripePort } from '@/lib/stripe/sdk'
import { orgRoute } from '@/app/_server/org-route'
import { readJson } from '@/app/_server/route'

const input = z.object({ cancelAtPeriodEnd: z.boolean({ message: 'Say whether to cancel (true or false)' }) })

export const POST = orgRoute(async (request, _ctx, { org, user }) =>
  setCancelAtPeriodEnd({ orgId: org.id, userId: user.id, ...input.parse(await readJson(request)) }, stripePort()),
)
