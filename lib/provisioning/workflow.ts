/**
 * The shape every tenant workflow shares: a provisioning run recorded around the job run, and
 * `recorded(name, fn)` — one memoized job step that is also one visible, timed provisioning step.
 *
 * A step that fails for good (a timeout, an invalid object, a refused plan change, or a
 * transient error on the last attempt) fails the run and calls the workflow's onFailure (the
 * tenant becomes FAILED and is reported); a transient error is retried by the job machinery. A
 * step stopped by the process's shutdown (ShutdownAbortError) is neither: the run is released.
 */
import { isAppError } from '../errors/app-error'
import type { JobContext } from '../jobs/define'
import { NonRetriableError } from '../jobs/step'
import { KubeError } from '../k8s/port'
import { isShutdownAbort } from '../os/shutdown'
import { finishRun, startRun, stepFinished, stepStarted } from './run-recorder'
import type { ProvisioningKind } from '../db'

export const WORKFLOW_RETRIES = 3

export interface StepResult<T> {
  result?: T
  /** Shown on the timeline next to the step, e.g. "Deployment app: 2/2 ready". */
  message?: string
}

export interface TenantWorkflow {
  runId: string
  recorded<T = undefined>(name: string, fn: () => Promise<StepResult<T>>): Promise<T>
  /** Marks the run succeeded (a memoized step of its own). */
  succeed(): Promise<void>
}

export function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error)
}

function isPermanent(error: unknown): boolean {
  if (error instanceof NonRetriableError) return true
  if (isAppError(error)) return true
  if (error instanceof KubeError) return ['TIMEOUT', 'INVALID', 'QUOTA', 'FORBIDDEN', 'UNAUTHORIZED'].includes(error.code)
  return false
}

export async function beginTenantWorkflow(
  ctx: Pick<JobContext<unknown>, 'step' | 'runId' | 'attempt'>,
  input: {
    tenantId: string
    kind: ProvisioningKind
    requestedBy?: string
    fromPlanId?: string | null
    toPlanId?: string | null
    dryRun: boolean
    onFailure: (message: string, runId: string, step: string) => Promise<void>
  },
): Promise<TenantWorkflow> {
  const runId = await ctx.step.run('start-run', () =>
    startRun({
      tenantId: input.tenantId,
      kind: input.kind,
      jobRunId: ctx.runId,
      requestedBy: input.requestedBy,
      fromPlanId: input.fromPlanId,
      toPlanId: input.toPlanId,
      dryRun: input.dryRun,
    }),
  )
  let position = 0
  return {
    runId,
    async recorded<T>(name: string, fn: () => Promise<StepResult<T>>): Promise<T> {
      const at = ++position
      return ctx.step.run(name, async () => {
        const startedAt = new Date()
        await stepStarted(runId, name, at)
        try {
          const { result, message } = await fn()
          await stepFinished(runId, name, { ok: true, message, startedAt })
          return result as T
        } catch (error) {
          // Stopped by the shutdown: not a failure; the runner releases the run and the step runs again.
          if (isShutdownAbort(error)) throw error
          const message = describeError(error)
          await stepFinished(runId, name, { ok: false, message, startedAt })
          if (isPermanent(error) || ctx.attempt >= WORKFLOW_RETRIES) {
            await finishRun(runId, { ok: false, error: `${name}: ${message}` })
            await input.onFailure(`${name}: ${message}`, runId, name)
            throw new NonRetriableError(`${name}: ${message}`)
          }
          throw error
        }
      })
    },
    async succeed() {
      await ctx.step.run('finish-run', () => finishRun(runId, { ok: true }))
    },
  }
}
