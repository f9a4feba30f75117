// POST /api/orgs/<slug>/instance/credentials → the instance's first admin login, once (owners
// and admins; 410 afterwards).
import { orgRoute } from '@/app/_server/org-route'
import { revealCredentials } from '@/lib/provisioning/reveal-credentials'

export const dynamic = 'force-dynamic'

export const POST = orgRoute(async (_request, _ctx, { org, user }) => revealCredentials({ orgId: org.id, userId: user.id }))
