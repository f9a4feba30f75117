// POST /api/orgs/<slug>/billing/checkout → { url } of a Stripe Checkout page for the plan (owners and admins).
import { createCheckoutSession } from '@/lib/billing/create-checkout-session'
import { stripePort } from '@/lib/stripe/sdk'
import { orgRoute } from '@/app/_server/org-route'

export const POST = orgRoute(async (_request, _ctx, { org, user }) =>
  createCheckoutSession({ orgId: org.id, userId: user.id }, stripePort()),
)
