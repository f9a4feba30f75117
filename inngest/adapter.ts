/**
 * Wraps a job function (lib/jobs/define.ts) as an Inngest function: same id, trigger, retries,
 * concurrency, idempotency and cancellation, and our Step interface mapped onto Inngest's step
 * tools. The embedded runner executes the very same JobFunction objects.
 */
import type { Inngest } from 'inngest'
import type { JobFunction } from '@/lib/jobs/define'
import type { Step } from '@/lib/jobs/step'
import type { EventInput } from '@/lib/jobs/events'
import { validateEvent } from '@/lib/jobs/jobs'
import { jobFunctions } from '@/workflows'

interface InngestStepTools {
  run(id: string, fn: () => unknown): Promise<unknown>
  sleep(id: string, duration: number | string): Promise<unknown>
  sendEvent(id: string, payload: unknown): Promise<unknown>
}

export function adaptStep(tools: InngestStepTools): Step {
  return {
    run: <T>(id: string, fn: () => Promise<T> | T) => tools.run(id, fn) as Promise<T>,
    sleep: async (id, duration) => {
      await tools.sleep(id, duration)
    },
    sendEvent: async (id, events: EventInput | EventInput[]) => {
      const list = (Array.isArray(events) ? events : [events]).map(validateEvent)
      await tools.sendEvent(id, list)
    },
  }
}

export function toInngestFunction(client: Inngest, fn: JobFunction) {
  return client.createFunction(
    {
      id: fn.id,
      name: fn.name,
      triggers: 'event' in fn.trigger ? [{ event: fn.trigger.event }] : [{ cron: fn.trigger.cron }],
      retries: (fn.retries ?? 4) as 4,
      ...(fn.concurrency
        ? {
            concurrency: {
              key: fn.concurrency.key,
              limit: fn.concurrency.limit,
              ...(fn.concurrency.scope ? { scope: fn.concurrency.scope } : {}),
            },
          }
        : {}),
      ...(fn.idempotency ? { idempotency: fn.idempotency } : {}),
      ...(fn.cancelOn ? { cancelOn: fn.cancelOn.map((c) => ({ event: c.event, match: c.match })) } : {}),
    },
    async ({ event, step, runId, attempt }) =>
      fn.handler({
        event: { id: event.id ?? runId, name: event.name, data: event.data as never, ts: event.ts ?? Date.now() },
        step: adaptStep(step as unknown as InngestStepTools),
        runId,
        attempt,
      }),
  )
}

/** Every workflow of workflows/index.ts as an Inngest function: what /api/inngest serves. */
export function inngestFunctions(client: Inngest) {
  return jobFunctions.map((fn) => toInngestFunction(client, fn))
}
