/**
 * What domain use cases share: the request details kept in the audit log (and used by rate
 * limits), input parsing that turns zod issues into `AppError('VALIDATION')` with field errors,
 * and the recognition of unique violations (the database's answer to a race).
 */
import { z } from 'zod'
import { Prisma } from '../db'
import { AppError } from './app-error'

/** Who asked, from where: copied into the audit log. */
export interface RequestMeta {
  ip?: string
  userAgent?: string
  requestId?: string
}

export const INVALID_INPUT_MESSAGE = 'Please correct the highlighted fields.'

export function validationError(fieldErrors: Record<string, string[]>, message = INVALID_INPUT_MESSAGE): AppError {
  return new AppError('VALIDATION', message, { fieldErrors })
}

/** One field's error, e.g. `fieldError('slug', 'This address is already taken')`. */
export function fieldError(field: string, message: string): AppError {
  return validationError({ [field]: [message] }, message)
}

/**
 * A text field of a request body, for route handlers' shape checks, with messages a person can
 * read: missing or not a string → `required`; longer than `max` → `tooLong`. The use case then
 * validates the value itself.
 */
export function textField(required: string, max: number, tooLong = `Enter at most ${max} characters.`) {
  return z.string({ message: required }).max(max, tooLong)
}

/** Parses `input` or throws VALIDATION with one entry per field (`_form` for the object itself). */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const parsed = schema.safeParse(input)
  if (parsed.success) return parsed.data
  const fieldErrors: Record<string, string[]> = {}
  for (const issue of parsed.error.issues) {
    const key = issue.path.length ? issue.path.join('.') : '_form'
    const messages = (fieldErrors[key] ??= [])
    if (!messages.includes(issue.message)) messages.push(issue.message)
  }
  throw validationError(fieldErrors)
}

/** A unique constraint refused the write (P2002): someone else took the value meanwhile. */
export function isUniqueViolation(error: unknown): boolean {
  return error instanceof Prisma.PrismaClientKnownRequestError && error.code === 'P2002'
}

export function auditRequest(meta: RequestMeta | undefined): Pick<RequestMeta, 'ip' | 'userAgent' | 'requestId'> {
  return { ip: meta?.ip, userAgent: meta?.userAgent, requestId: meta?.requestId }
}
