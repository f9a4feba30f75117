/**
 * A job function: one workflow, written once, run by the embedded runner or (wrapped by
 * inngest/adapter.ts) by Inngest. Options follow Inngest's names and meaning.
 */
import { asSystem } from '../db/scope'
import type { Step } from './step'
import type { EventName, JobEventPayload, EventData } from './events'

export interface JobContext<Data> {
  event: JobEventPayload<Data>
  step: Step
  runId: string
  /** 0 on the first attempt, 1 on the first retry, … */
  attempt: number
}

export interface JobFunctionOptions<N extends EventName | never> {
  /** Stable id, `domain-verb-noun`. */
  id: string
  name?: string
  trigger: { event: N } | { cron: string }
  /** Retries after the first attempt (default 4, as Inngest). */
  retries?: number
  /**
   * At most `limit` runs executing at once per evaluated key (e.g. event.data.tenantId). With
   * scope 'account' the key is shared by every function using it (Inngest's account scope): one
   * tenant workflow at a time, whichever kind.
   */
  concurrency?: { key: string; limit: number; scope?: 'fn' | 'account' }
  /** Key expression for one run per key in 24 h (default: the event id). */
  idempotency?: string
  /** Cancel a run when this event arrives with matching data (match: "data.tenantId"). */
  cancelOn?: { event: EventName; match: string }[]
}

export interface JobFunction<Data = unknown> extends JobFunctionOptions<EventName> {
  // Method syntax on purpose: functions with specific event data fit in a JobFunction[] list.
  handler(ctx: JobContext<Data>): Promise<unknown>
}

export function defineJob<N extends EventName>(
  options: JobFunctionOptions<N> & { trigger: { event: N } },
  handler: (ctx: JobContext<EventData<N>>) => Promise<unknown>,
): JobFunction<EventData<N>>
export function defineJob(
  options: JobFunctionOptions<never> & { trigger: { cron: string } },
  handler: (ctx: JobContext<{ cron: string; tick: string }>) => Promise<unknown>,
): JobFunction<{ cron: string; tick: string }>
export function defineJob(
  options: JobFunctionOptions<EventName>,
  handler: (ctx: JobContext<never>) => Promise<unknown>,
): JobFunction<never> {
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(options.id))
    throw new Error(`Job id "${options.id}" must be kebab-case, like provisioning-provision-tenant`)
  // A job acts for the system: every organization's rows (lib/db/scope.ts), named by its id.
  const scoped = (ctx: JobContext<never>) => asSystem(`job ${options.id}`, () => handler(ctx))
  return { ...options, handler: scoped } as JobFunction<never>
}

/** Functions defined for tests and benchmarks may use event names outside the catalog. */
export function defineTestJob<Data = Record<string, unknown>>(
  options: Omit<JobFunctionOptions<EventName>, 'trigger' | 'cancelOn'> & {
    trigger: { event: string } | { cron: string }
    cancelOn?: { event: string; match: string }[]
  },
  handler: (ctx: JobContext<Data>) => Promise<unknown>,
): JobFunction<Data> {
  return { ...options, handler } as unknown as JobFunction<Data>
}

export const DEFAULT_RETRIES = 4
