// GET /api/orgs/<slug>/provisioning → the progress page's live status; members only (404 otherwise).
import { getProvisioningStatus } from '@/lib/provisioning/get-provisioning-status'
import { orgRoute } from '@/app/_server/org-route'

export const dynamic = 'force-dynamic'

export const GET = orgRoute(async (_request, _ctx, { org }) => getProvisioningStatus(org.id))
