// POST /api/orgs/<slug>/billing/portal → { url } of the Stripe Customer Portal (owners and admins).
import { createPortalSession } from '@/lib/billing/create-portal-session'
import { stripePort } from '@/lib/stripe/sdk'
import { orgRoute } from '@/app/_server/org-route'

export const POST = orgRoute(async (_request, _ctx, { org, user }) => createPortalSession({ orgId: org.id, userId: user.id }, stripePort()))
