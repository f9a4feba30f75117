// POST /api/admin/jobs/<id>/replay { reason } → a dead run queued again, audited.
import { adminWriteRoute } from '@/app/_server/admin-route'
import { readJson } from '@/app/_server/route'
import { replayJob, replayJobInput } from '@/lib/admin/replay-job'

export const POST = adminWriteRoute<{ id: string }>('job.replay', async (request, _ctx, actor, { id }) =>
  replayJob(replayJobInput.parse({ ...(await readJson(request)), runId: id }), actor),
)
