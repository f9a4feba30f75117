/**
 * Replay a dead (or failed) run of the embedded runner: back in the queue with its attempts
 * reset; steps that succeeded stay memoized (JobEngine.replay). Audited with the reason. Runs
 * executed by Inngest are replayed from Inngest's own dashboard.
 */
import { z } from 'zod'
import { recordAudit } from '../audit/record-audit'
import { db } from '../db'
import { getEnv } from '../env'
import { AppError } from '../errors/app-error'
import { JobEngine } from '../jobs/engine'
import { auditActor } from './admin-actor'
import type { AdminContext } from './admin-context'
import { reasonField } from './reason'

export const replayJobInput = z.object({ runId: z.string().min(1).max(64), reason: reasonField })

export async function replayJob(
  input: z.output<typeof replayJobInput>,
  { actor }: AdminContext,
  engine: Pick<JobEngine, 'replay'> = new JobEngine(db, []),
): Promise<{ runId: string }> {
  if (getEnv().jobsMode === 'inngest') throw new AppError('CONFLICT', 'Jobs run on Inngest: replay the run from the Inngest dashboard')
  const run = await db.jobRun.findUnique({
    where: { id: input.runId },
    select: { id: true, status: true, functionId: true, error: true, attempt: true, replayCount: true },
  })
  if (!run) throw new AppError('NOT_FOUND', 'No such run')
  if (!(await engine.replay(run.id)))
    throw new AppError('CONFLICT', `The run is ${run.status.toLowerCase()}; only dead or failed runs are replayed`)
  await recordAudit({
    ...auditActor(actor),
    action: 'admin.job.replay',
    targetType: 'JobRun',
    targetId: run.id,
    reason: input.reason,
    before: { status: run.status, attempt: run.attempt, error: run.error?.slice(0, 500) ?? null },
    after: { status: 'QUEUED', replayCount: run.replayCount + 1, functionId: run.functionId, breakGlass: actor.breakGlassId },
  })
  return { runId: run.id }
}
