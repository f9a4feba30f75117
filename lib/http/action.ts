/**
 * The shape every server action and JSON route follows (DESIGN.md §6):
 *   validate (zod) → authorize → ONE domain call → typed Result.
 * It is framework-free; app/_server/ supplies the request context from Next.
 */
import type { z } from 'zod'
import { AppError } from '../errors/app-error'
import { log as rootLog, type Logger } from '../log/logger'
import { failure, fieldErrorsOf, type Result } from './result'

export interface RequestContext {
  requestId: string
  ip?: string
  userAgent?: string
}

export interface ActionDefinition<S extends z.ZodType, Actor, T> {
  name: string
  input: S
  /** Resolve who is acting and whether they may; throw AppError (UNAUTHENTICATED, FORBIDDEN, NOT_FOUND) otherwise. */
  authorize: (input: z.output<S>, ctx: RequestContext) => Promise<Actor>
  run: (input: z.output<S>, actor: Actor, ctx: RequestContext) => Promise<T>
}

export function defineAction<S extends z.ZodType, Actor, T>(definition: ActionDefinition<S, Actor, T>) {
  return async function action(raw: unknown, ctx: RequestContext, logger: Logger = rootLog): Promise<Result<T>> {
    const log = logger.child({ action: definition.name, requestId: ctx.requestId })
    const parsed = definition.input.safeParse(raw)
    if (!parsed.success) {
      return {
        ok: false,
        code: 'VALIDATION',
        message: 'Please correct the highlighted fields.',
        fieldErrors: fieldErrorsOf(parsed.error),
        requestId: ctx.requestId,
      }
    }
    try {
      const actor = await definition.authorize(parsed.data, ctx)
      const data = await definition.run(parsed.data, actor, ctx)
      return { ok: true, data }
    } catch (error) {
      if (error instanceof AppError && error.status >= 500) log.error('action failed', { error })
      return failure(error, log, ctx.requestId)
    }
  }
}

/** FormData → plain object (repeated keys become arrays) for zod. */
export function formDataToObject(form: FormData): Record<string, unknown> {
  const out: Record<string, unknown> = {}
  for (const [key, value] of form.entries()) {
    if (typeof value !== 'string') continue
    const existing = out[key]
    out[key] = existing === undefined ? value : Array.isArray(existing) ? [...existing, value] : [existing, value]
  }
  return out
}
