/**
 * A sign-up waiting for its email link (sign-up.ts mails it). Nothing is stored: the link's token
 * seals what the form said (address, name, the password's argon2 hash, where to go next) and the
 * hash of a key kept in the signing-up browser's cookie, for 24 hours. Following the link creates
 * the account, verified (the link reached the mailbox), once: a second use finds the address taken.
 *
 * The key binds the password to the browser that chose it. Whoever opens a link owns the mailbox,
 * but the form may have been filled in by someone else (who would then know the password of the
 * owner's new account): a link opened in another browser asks its opener to choose the password.
 * So any link in the mailbox, whoever asked for it, lets the owner create their own account.
 */
import crypto from 'node:crypto'
import { z } from 'zod'
import { db } from '../db'
import { seal, unseal } from '../security/seal'
import { fieldError, type AuthContext } from './input'
import { createVerifiedAccount } from './create-verified-account'
import { hashPassword } from './password'
import { assertPasswordAcceptable, PASSWORD_MESSAGES } from './password-policy'
import { limitAttempt } from './rate-limit'
import { hashToken, VERIFY_EMAIL_TTL_MS } from './tokens'

export const INVALID_SIGN_UP_LINK = 'This verification link is invalid, expired or already used. Sign up again to get a new one.'
export const CHOOSE_PASSWORD_MESSAGE =
  'This link was opened in another browser than the one that signed up: choose the password of your new account.'

const PURPOSE = 'pending-sign-up'

const payloadSchema = z.object({
  v: z.literal(1),
  email: z.string(),
  name: z.string().nullable(),
  passwordHash: z.string(),
  /** SHA-256 of the browser key (hex). */
  keyHash: z.string(),
  next: z.string(),
  expiresAt: z.number(),
})

export type PendingSignUp = Omit<z.infer<typeof payloadSchema>, 'v' | 'keyHash'>

// seal() writes `v1.<iv>.<tag>.<ciphertext>` with a 12-byte IV (16 base64url characters) and a 16-byte
// tag (22): the link carries the three parts run together, a plain base64url word that mail clients
// and link finders keep whole.
const IV_CHARS = 16
const TAG_CHARS = 22

/** The link's token for a sign-up, and the key for the signing-up browser's cookie. */
export function sealPendingSignUp(pending: Omit<PendingSignUp, 'expiresAt'>, now: Date): { token: string; browserKey: string } {
  const browserKey = crypto.randomBytes(32).toString('base64url')
  const payload = { v: 1, ...pending, keyHash: hashToken(browserKey), expiresAt: now.getTime() + VERIFY_EMAIL_TTL_MS }
  const [, iv, tag, body] = seal(JSON.stringify(payload), PURPOSE).split('.')
  return { token: `${iv}${tag}${body}`, browserKey }
}

function openPendingSignUp(token: string): z.infer<typeof payloadSchema> | null {
  if (!/^[A-Za-z0-9_-]{40,3000}$/.test(token)) return null
  try {
    const sealed = ['v1', token.slice(0, IV_CHARS), token.slice(IV_CHARS, IV_CHARS + TAG_CHARS), token.slice(IV_CHARS + TAG_CHARS)].join(
      '.',
    )
    const parsed = payloadSchema.safeParse(JSON.parse(unseal(sealed, PURPOSE)))
    return parsed.success ? parsed.data : null
  } catch {
    return null // tampered with, sealed under another AUTH_SECRET, or not ours
  }
}

/** Whether a token has the shape of a sign-up link's (the AuthToken links of verification are 43 characters). */
export function isPendingSignUpToken(token: string): boolean {
  return token.length > 43 && /^[A-Za-z0-9_-]+$/.test(token)
}

function sameKey(browserKey: string | undefined, keyHash: string): boolean {
  if (!browserKey) return false
  const [a, b] = [Buffer.from(hashToken(browserKey)), Buffer.from(keyHash)]
  return a.length === b.length && crypto.timingSafeEqual(a, b)
}

/**
 * Creates the account of a sign-up link, verified, and returns it with where the sign-up was
 * going. `browserKey` is the signing-up browser's cookie; without it (another browser), `password`
 * is the one the opener chooses. Limited per IP ('verify'). Throws VALIDATION (field `token`: an
 * invalid, expired or used link; field `password`: choose one, or the policy), RATE_LIMITED.
 */
export async function confirmSignUp(
  input: { token: string; browserKey?: string; password?: string },
  ctx: AuthContext = {},
  options: { now?: Date } = {},
): Promise<{ userId: string; email: string; next: string }> {
  const now = options.now ?? new Date()
  await limitAttempt('verify', { ip: ctx.ip }, { now })
  const pending = openPendingSignUp(input.token)
  if (!pending || pending.expiresAt <= now.getTime()) throw fieldError('token', INVALID_SIGN_UP_LINK)
  if (await db.user.findUnique({ where: { email: pending.email }, select: { id: true } })) throw fieldError('token', INVALID_SIGN_UP_LINK)

  let passwordHash = pending.passwordHash
  const isSigningUpBrowser = sameKey(input.browserKey, pending.keyHash)
  if (!isSigningUpBrowser) {
    if (!input.password) throw fieldError('password', CHOOSE_PASSWORD_MESSAGE)
    if (typeof input.password !== 'string') throw fieldError('password', PASSWORD_MESSAGES.required)
    assertPasswordAcceptable(input.password, { email: pending.email })
    passwordHash = await hashPassword(input.password)
  }

  const userId = await createVerifiedAccount(
    { email: pending.email, name: pending.name, passwordHash },
    { passwordChosenAtLink: !isSigningUpBrowser },
    ctx,
    now,
  )
  // The same link used twice at once, or the address got an account meanwhile (an OAuth sign-in).
  if (!userId) throw fieldError('token', INVALID_SIGN_UP_LINK)
  return { userId, email: pending.email, next: pending.next }
}
