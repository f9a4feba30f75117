/**
 * Provisioning runs and steps as the tenant and the super-admins see them: every step with its
 * start, end, duration, attempt and message. Written from inside the job's steps, so a retried
 * step updates its own row (attempt + 1) and a replayed run never duplicates one.
 */
import type { ProvisioningKind } from '../db'
import { db } from '../db'

export async function startRun(input: {
  tenantId: string
  kind: ProvisioningKind
  jobRunId: string
  requestedBy?: string
  fromPlanId?: string | null
  toPlanId?: string | null
  dryRun: boolean
}): Promise<string> {
  const run = await db.provisioningRun.upsert({
    where: { jobRunId: input.jobRunId },
    create: {
      tenantId: input.tenantId,
      kind: input.kind,
      jobRunId: input.jobRunId,
      requestedBy: input.requestedBy ?? 'system',
      fromPlanId: input.fromPlanId ?? null,
      toPlanId: input.toPlanId ?? null,
      dryRun: input.dryRun,
    },
    update: {},
    select: { id: true },
  })
  return run.id
}

export async function stepStarted(runId: string, name: string, position: number): Promise<void> {
  const now = new Date()
  await db.provisioningStep.upsert({
    where: { runId_name: { runId, name } },
    create: { runId, name, position, status: 'RUNNING', attempt: 1, startedAt: now },
    update: { status: 'RUNNING', attempt: { increment: 1 }, startedAt: now, finishedAt: null, durationMs: null, message: null },
  })
}

export async function stepFinished(
  runId: string,
  name: string,
  outcome: { ok: boolean; message?: string | null; startedAt: Date },
): Promise<void> {
  const finishedAt = new Date()
  await db.provisioningStep.update({
    where: { runId_name: { runId, name } },
    data: {
      status: outcome.ok ? 'SUCCEEDED' : 'FAILED',
      finishedAt,
      durationMs: finishedAt.getTime() - outcome.startedAt.getTime(),
      message: outcome.message?.slice(0, 2000) ?? null,
    },
  })
}

export async function finishRun(runId: string, outcome: { ok: true } | { ok: false; error: string }): Promise<void> {
  await db.provisioningRun.update({
    where: { id: runId },
    data: { status: outcome.ok ? 'SUCCEEDED' : 'FAILED', finishedAt: new Date(), error: outcome.ok ? null : outcome.error.slice(0, 2000) },
  })
}

export async function storeManifests(runId: string, yaml: string): Promise<void> {
  await db.provisioningRun.update({ where: { id: runId }, data: { manifests: yaml } })
}
