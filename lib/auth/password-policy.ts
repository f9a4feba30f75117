/**
 * The password rules, after NIST SP 800-63B: at least 12 characters (NIST's floor is 8; a
 * password that is the only factor gets 12) and at most 128 (long passphrases welcome), not one
 * of the common passwords shipped beside this file (common-passwords.txt, compared
 * case-insensitively), and not the account's own email address or the part before its @. No
 * composition rules (a digit, a symbol): they make passwords harder to remember, not to guess.
 * Length counts characters (Unicode code points), not bytes.
 *
 * The list is generated from @zxcvbn-ts/language-common by scripts/generate-common-passwords.ts
 * and read once, on first use. It was generated for an 8-character minimum: its entries of 8–11
 * characters are refused by the length rule first and no longer matter. The rules apply when a
 * password is set; a shorter password set before keeps signing in.
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import { AppError } from '../errors/app-error'

export const PASSWORD_MIN_LENGTH = 12
export const PASSWORD_MAX_LENGTH = 128

export const PASSWORD_MESSAGES = {
  required: 'Enter a password.',
  tooShort: `Use at least ${PASSWORD_MIN_LENGTH} characters for your password.`,
  tooLong: `Use at most ${PASSWORD_MAX_LENGTH} characters for your password.`,
  common: 'This password is one of the most commonly used ones. Choose a password that is harder to guess.',
  isEmail: 'Your password cannot be your email address. Choose something else.',
} as const

let common: ReadonlySet<string> | undefined

/**
 * The list beside this module. Bundlers rewrite `new URL(…, import.meta.url)` (to a server asset,
 * or to a non-file URL), and Next has handed fs a URL class it did not accept; so the URL is made a
 * path, and the file in the project (the server's working directory) is the fallback. A missing
 * list is an error, never a silently weaker policy.
 */
function readCommonPasswordList(): string {
  const candidates: string[] = []
  const url = new URL('./common-passwords.txt', import.meta.url)
  if (url.protocol === 'file:') candidates.push(fileURLToPath(url.href))
  candidates.push(path.join(process.cwd(), 'lib', 'auth', 'common-passwords.txt'))
  for (const file of candidates) {
    try {
      return fs.readFileSync(file, 'utf8')
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error
    }
  }
  throw new Error(`The common password list is missing (looked for ${candidates.join(' and ')})`)
}

function commonPasswords(): ReadonlySet<string> {
  if (!common) {
    const text = readCommonPasswordList()
    common = new Set(
      text
        .split('\n')
        .map((line) => line.trim())
        .filter(Boolean),
    )
  }
  return common
}

/** Number of entries in the shipped list (loads it). */
export function commonPasswordCount(): number {
  return commonPasswords().size
}

export function isCommonPassword(password: string): boolean {
  return commonPasswords().has(password.toLowerCase())
}

function length(password: string): number {
  let count = 0
  for (const _ of password) count++
  return count
}

/** What is wrong with a password, as messages for the password field; empty when it is acceptable. */
export function checkPassword(password: string, options: { email?: string | null } = {}): string[] {
  const problems: string[] = []
  const characters = length(password)
  if (characters === 0) return [PASSWORD_MESSAGES.required]
  if (characters < PASSWORD_MIN_LENGTH) problems.push(PASSWORD_MESSAGES.tooShort)
  if (characters > PASSWORD_MAX_LENGTH) return [PASSWORD_MESSAGES.tooLong] // not worth looking further
  if (isCommonPassword(password)) problems.push(PASSWORD_MESSAGES.common)
  const email = options.email?.trim().toLowerCase()
  if (email) {
    const lowered = password.toLowerCase()
    const localPart = email.includes('@') ? email.slice(0, email.lastIndexOf('@')) : email
    if (lowered === email || lowered === localPart) problems.push(PASSWORD_MESSAGES.isEmail)
  }
  return problems
}

/** The password rules as a zod schema (without the email rule: use checkPassword with the email for that). */
export const passwordSchema = z.string({ message: PASSWORD_MESSAGES.required }).superRefine((password, ctx) => {
  for (const message of checkPassword(password)) ctx.addIssue({ code: 'custom', message })
})

/** Throws AppError('VALIDATION') with the problems under `field` when the password is not acceptable. */
export function assertPasswordAcceptable(password: string, options: { email?: string | null; field?: string } = {}): void {
  const problems = checkPassword(password, options)
  if (problems.length) throw new AppError('VALIDATION', problems[0]!, { fieldErrors: { [options.field ?? 'password']: problems } })
}
