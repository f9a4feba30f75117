// POST /api/orgs/<slug>/billing/activate → billing `none`: the trial's plan becomes an active subscription (owners).
import { activateSubscription } from '@/lib/billing/activate-subscription'
import { orgRoute } from '@/app/_server/org-route'

export const POST = orgRoute(async (_request, _ctx, { org, user }) => activateSubscription({ orgId: org.id, userId: user.id }))
