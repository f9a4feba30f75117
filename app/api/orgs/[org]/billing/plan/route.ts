// POST /api/orgs/<slug>/billing/plan { planId } → upgrade now (or { checkoutUrl }), downgrade at the period end.
import { z } from 'zod'
import { changeSubscriptionPlan } from '@/lib/billing/change-subscription-plan'
import { textField } from '@/lib/errors/input'
import { stripePort } from '@/lib/stripe/sdk'
import { orgRoute } from '@/app/_server/org-route'
import { readJson } from '@/app/_server/route'

const input = z.object({ planId: textField('Choose a plan', 64, 'Choose one of the plans shown') })

export const POST = orgRoute(async (request, _ctx, { org, user }) =>
  changeSubscriptionPlan({ orgId: org.id, userId: user.id, planId: input.parse(await readJson(request)).planId }, stripePort()),
)
