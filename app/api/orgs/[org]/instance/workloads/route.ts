// GET /api/orgs/<slug>/instance/workloads → each workload's ready/desired replicas, live (members).
import { orgRoute } from '@/app/_server/org-route'
import { getWorkloadStatus } from '@/lib/provisioning/get-workload-status'

export const dynamic = 'force-dynamic'

export const GET = orgRoute(async (_request, _ctx, { org }) => getWorkloadStatus(org.id))
