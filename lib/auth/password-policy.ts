/**
 * The password rules, after NIST SP 800-63B: at least 12 characters (NIST's floor is 8; a
 * password that is the only factor gets 12) and at most 128 (long passphrases welcome), not built
 * from a common password, and not the account's own email address or the part before its @. No
 * composition rules (a digit, a symbol): they make passwords harder to remember, not to guess.
 * Length counts characters (Unicode code points), not bytes.
 *
 * "Built from a common password": lower-cased and NFC-normalised, the password is refused when it,
 * its core, or the one string it repeats (or that string's core) is in the list shipped beside
 * this file (common-passwords.txt). The core is the password without the digits, punctuation,
 * symbols and spaces at either end ("!!Summer2026!!" → "summer"), since those are what people add
 * to a common password to pass a length rule; a core or repeated string shorter than 4 characters
 * never counts. A common word inside a passphrase ("correct horse battery staple") is not refused.
 *
 * The list is generated from @zxcvbn-ts/language-common by scripts/generate-common-passwords.ts
 * (its entries of 4–128 characters) and read once, on first use. The rules apply when a password
 * is set; a password set before under other rules keeps signing in.
 */
import fs from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'
import { z } from 'zod'
import { AppError } from '../errors/app-error'

export const PASSWORD_MIN_LENGTH = 12
export const PASSWORD_MAX_LENGTH = 128
/** The shortest common password (or core, or repeated part) that counts; the list holds none shorter. */
export const COMMON_PASSWORD_MIN_LENGTH = 4

export const PASSWORD_MESSAGES = {
  required: 'Enter a password.',
  tooShort: `Use at least ${PASSWORD_MIN_LENGTH} characters for your password.`,
  tooLong: `Use at most ${PASSWORD_MAX_LENGTH} characters for your password.`,
  common: 'This password is, or is made from, a commonly used one. Choose a password that is harder to guess.',
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

/** The form passwords are compared in (to the list, to the email): lower-cased, NFC. The generator writes the list in it. */
export function comparablePassword(password: string): string {
  return password.toLowerCase().normalize('NFC')
}

const EDGES = /^[\p{N}\p{P}\p{S}\s]+|[\p{N}\p{P}\p{S}\s]+$/gu

/** The password without the digits, punctuation, symbols and spaces at either end. */
function core(password: string): string {
  return password.replace(EDGES, '')
}

/** The strings `text` is two or more copies of ("abcabcabcabc" → "abc", "abcabc"). */
function repeatedParts(text: string): string[] {
  const parts: string[] = []
  for (let size = 1; size <= text.length / 2; size++) {
    if (text.length % size === 0 && text.slice(0, size).repeat(text.length / size) === text) parts.push(text.slice(0, size))
  }
  return parts
}

/** Whether the password is a common password, one with digits/symbols around it, or one repeated (see the top of the file). */
export function isCommonPassword(password: string): boolean {
  const list = commonPasswords()
  const whole = comparablePassword(password)
  const candidates = new Set([whole, core(whole)])
  for (const text of [...candidates]) for (const part of repeatedParts(text)) candidates.add(part).add(core(part))
  for (const candidate of candidates) if (length(candidate) >= COMMON_PASSWORD_MIN_LENGTH && list.has(candidate)) return true
  return false
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
  const email = options.email ? comparablePassword(options.email.trim()) : ''
  if (email) {
    const compared = comparablePassword(password)
    const localPart = email.includes('@') ? email.slice(0, email.lastIndexOf('@')) : email
    if (compared === email || compared === localPart) problems.push(PASSWORD_MESSAGES.isEmail)
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
