// POST /api/orgs/<slug>/instance/retry → a new provisioning run for a failed instance (owners and admins).
import { orgRoute } from '@/app/_server/org-route'
import { retryProvisioning } from '@/lib/provisioning/retry-provisioning'

export const dynamic = 'force-dynamic'

export const POST = orgRoute(async (_request, _ctx, { org, user }) => retryProvisioning({ orgId: org.id, userId: user.id }))
