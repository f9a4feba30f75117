'use server'
// Console → Jobs → Replay a dead or failed run of the embedded runner, with a reason.
import { adminAction } from '@/app/_server/action'
import { replayJob, replayJobInput } from '@/lib/admin/replay-job'

export const replayJobAction = adminAction({
  name: 'admin-replay-job',
  operation: 'job.replay',
  input: replayJobInput,
  run: (input, ctx) => replayJob(input, ctx),
})
