/**
 * What the auth use cases share: the email and display-name rules, and (re-exported from
 * lib/errors/input.ts, which every domain uses) request details, input parsing into field errors
 * and the recognition of unique violations.
 */
import { hasDisguisingCharacters } from '../text/display-text'
import { z } from 'zod'
import type { RequestMeta } from '../errors/input'

export {
  auditRequest,
  fieldError,
  INVALID_INPUT_MESSAGE,
  isUniqueViolation,
  parseInput,
  validationError,
  type RequestMeta,
} from '../errors/input'

/** Who asked, from where. `ip` keys the rate limits; all three are copied into the audit log. */
export type AuthContext = RequestMeta

export const EMAIL_MAX_LENGTH = 254
export const NAME_MAX_LENGTH = 100

/** Trimmed and lower-cased: how emails are stored (User.email) and compared. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase()
}

/**
 * An email address as Tenancy stores it: trimmed, lower-cased, at most 254 characters (64 before
 * the @), ASCII only (zod's practical pattern: no spaces, no quoted local parts, a dotted domain).
 */
export const emailSchema = z
  .string({ message: 'Enter your email address.' })
  .transform(normalizeEmail)
  .pipe(
    z
      .string()
      .min(1, 'Enter your email address.')
      .max(EMAIL_MAX_LENGTH, `An email address has at most ${EMAIL_MAX_LENGTH} characters.`)
      .pipe(z.email({ message: 'Enter a valid email address, like name@example.com.' }))
      .refine((email) => email.indexOf('@') <= 64, 'Enter a valid email address: the part before the @ has at most 64 characters.'),
  )

/** Optional display name: trimmed, empty means none, at most 100 characters, no control characters. */
export const nameSchema = z
  .string({ message: 'Enter your name as text.' })
  .refine(
    (name) => !hasDisguisingCharacters(name),
    'Your name cannot contain line breaks, tabs, direction marks or other control characters.',
  )
  .transform((name) => name.trim())
  .pipe(z.string().max(NAME_MAX_LENGTH, `Your name has at most ${NAME_MAX_LENGTH} characters.`))
  .transform((name) => (name === '' ? undefined : name))
  .nullish()
  .transform((name) => name ?? undefined)
