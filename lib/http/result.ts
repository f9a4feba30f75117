/**
 * The one result type of server actions and JSON routes, and the mapping from errors to it.
 */
import { z } from 'zod'
import { AppError, ERROR_STATUS, type ErrorCode } from '../errors/app-error'
import type { Logger } from '../log/logger'

export type Result<T> =
  { ok: true; data: T } | { ok: false; code: ErrorCode; message: string; fieldErrors?: Record<string, string[]>; requestId?: string }

export function fieldErrorsOf(error: z.ZodError): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const issue of error.issues) {
    const key = issue.path.length ? issue.path.join('.') : '_form'
    ;(out[key] ??= []).push(issue.message)
  }
  return out
}

/** Maps any thrown value to a failed Result; unexpected errors are logged and hidden. */
export function failure(error: unknown, log: Logger, requestId?: string): Extract<Result<never>, { ok: false }> {
  if (error instanceof AppError) {
    return { ok: false, code: error.code, message: error.message, fieldErrors: error.details.fieldErrors, requestId }
  }
  if (error instanceof z.ZodError) {
    return {
      ok: false,
      code: 'VALIDATION',
      message: 'Please correct the highlighted fields.',
      fieldErrors: fieldErrorsOf(error),
      requestId,
    }
  }
  log.error('unexpected error', { error, requestId })
  return { ok: false, code: 'INTERNAL', message: `Something went wrong. Reference: ${requestId ?? 'n/a'}`, requestId }
}

export function statusOf(result: Result<unknown>): number {
  return result.ok ? 200 : ERROR_STATUS[result.code]
}
