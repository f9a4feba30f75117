// POST /api/orgs/<slug>/billing/pause { isPaused, reason } → pause or resume the subscription and the instance (owners).
import { z } from 'zod'
import { pauseSubscription } from '@/lib/billing/pause-subscription'
import { textField } from '@/lib/errors/input'
import { stripePort } from '@/lib/stripe/sdk'
import { orgRoute } from '@/app/_server/org-route'
import { readJson } from '@/app/_server/route'

const input = z.object({
  isPaused: z.boolean({ message: 'Say whether to pause or resume (true or false)' }),
  reason: textField('Give a reason code', 64, 'At most 64 characters'),
})

export const POST = orgRoute(async (request, _ctx, { org, user }) =>
  pauseSubscription({ orgId: org.id, userId: user.id, ...input.parse(await readJson(request)) }, stripePort()),
)
