/**
 * What domain use cases share: the request details kept in the audit log (and used by rate
 * limits), input parsing that turns zod issues into `AppError('VALIDATION')` with field errors,
 * the refusal of text the database cannot hold (NUL) or a single-line field should not carry
 * (control characters), and the recognition of unique violations (the database's answer to a race).
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
 * NUL (U+0000) is the one character PostgreSQL's text and jsonb cannot hold: a query or a write
 * carrying it fails (SQLSTATE 22021, 22P05). No browser field sends it, so it is refused, never
 * stripped (docs/decisions.md, issue 14).
 */
export const NUL_MESSAGE = 'Remove the NUL character (U+0000) from this field: it cannot be stored.'
/** A field name holding a NUL: reported on `_form`. */
export const NUL_FIELD_NAME_MESSAGE = 'A field name contains a NUL character (U+0000), which cannot be stored.'
/** What a single-line field cannot carry besides NUL: the other C0 controls but the tab (a pasted tab is kept), and DEL. */
export const CONTROL_CHARACTER_MESSAGE = 'Remove the line breaks and other control characters from this field.'

const SINGLE_LINE_CONTROL = /[\u0001-\u0008\u000a-\u001f\u007f]/

export function hasNul(text: string): boolean {
  return text.includes('\u0000')
}

/**
 * The fields of a request (a form, a JSON body, a URL's query) holding a NUL anywhere, each with
 * NUL_MESSAGE: nested values under their dotted path (`items.0.name`; the values of a field sent
 * twice under the field), a field name with one on `_form`.
 */
export function nulFieldErrors(fields: Record<string, unknown>): Record<string, string[]> {
  const errors: Record<string, string[]> = {}
  const visit = (value: unknown, path: string, depth: number): void => {
    if (typeof value === 'string') {
      if (hasNul(value)) errors[path || '_form'] = [NUL_MESSAGE]
    } else if (Array.isArray(value) && depth < 32) {
      // a field sent twice (a form's repeated key, a repeated query parameter) is one field
      value.forEach((child, i) => visit(child, typeof child === 'string' ? path : `${path}.${i}`, depth + 1))
    } else if (value !== null && typeof value === 'object' && depth < 32) {
      for (const [key, child] of Object.entries(value)) {
        if (hasNul(key)) errors._form = [NUL_FIELD_NAME_MESSAGE]
        else visit(child, path ? `${path}.${key}` : key, depth + 1)
      }
    }
  }
  visit(fields, '', 0)
  return errors
}

/** Throws VALIDATION naming each field that holds a NUL (nulFieldErrors); the glue calls it after authorization, before parsing. */
export function rejectNul(fields: Record<string, unknown>): void {
  const errors = nulFieldErrors(fields)
  if (Object.keys(errors).length) throw validationError(errors)
}

/**
 * A NUL in a request's path (decoded, as the route's params are) → NOT_FOUND: nothing is named so,
 * and it is the answer a caller who may not see the route gets too, so it can come before authorization.
 */
export function rejectNulInPath(url: string | URL): void {
  let path = new URL(url).pathname
  try {
    path = decodeURIComponent(path)
  } catch {
    // a malformed escape is the route's to refuse; only a decoded NUL matters here
  }
  if (hasNul(path)) throw new AppError('NOT_FOUND', 'Not found')
}

/** A URL's query parameters holding a NUL → VALIDATION naming them (each value of a repeated one counts); after authorization. */
export function rejectNulInQuery(url: string | URL): void {
  const query: Record<string, string[]> = {}
  for (const [key, value] of new URL(url).searchParams) (query[key] ??= []).push(value)
  rejectNul(query)
}

/**
 * A single-line text field of a request (an `<input>`), for the glue's shape checks, with messages
 * a person can read: missing or not a string → `required`; longer than `max` → `tooLong`; a NUL →
 * NUL_MESSAGE; a line break or another control character (a tab is allowed) → CONTROL_CHARACTER_MESSAGE.
 * The use case then validates the value itself.
 */
export function textField(required: string, max: number, tooLong = `Enter at most ${max} characters.`) {
  return z
    .string({ message: required })
    .max(max, tooLong)
    .refine((text) => !hasNul(text), NUL_MESSAGE)
    .refine((text) => !SINGLE_LINE_CONTROL.test(text), CONTROL_CHARACTER_MESSAGE)
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
