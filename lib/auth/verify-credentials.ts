/**
 * Email-and-password sign-in: the user, or null. The answer and its timing do not say whether
 * the account exists: without a user (or without a password) an argon2 verification against a
 * dummy hash is spent all the same. Attempts are limited per IP, per (email, IP) and, from
 * addresses this account never signed in at, per email, before the password is checked (see
 * rate-limit.ts); a success clears the (email, IP) counter and remembers the address.
 */
import { db } from '../db'
import { recordAudit } from '../audit/record-audit'
import { auditRequest, EMAIL_MAX_LENGTH, normalizeEmail, type AuthContext } from './input'
import { hashPassword, verifyPassword } from './password'
import { PASSWORD_MAX_LENGTH } from './password-policy'
import { checkRateLimit, rateLimitedError } from './rate-limit'

export interface VerifiedUser {
  id: string
  email: string
  name: string | null
  isSuperAdmin: boolean
  emailVerifiedAt: Date | null
}

export type SignInFailure = 'unknown_account' | 'no_password' | 'wrong_password' | 'disabled' | 'malformed' | 'rate_limited'

// Passwords longer than any the policy accepts (with room for older rules) cannot match: refused
// without hashing megabytes.
const LONGEST_PASSWORD = PASSWORD_MAX_LENGTH * 8

let dummyHash: Promise<string> | undefined

/** A hash with the same parameters as real ones, to spend the same time when there is no user. */
function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword('tenancy dummy password: never matches anything typed')
  return dummyHash
}

/**
 * The user whose email and password these are, or null (unknown email, wrong password, no
 * password set, disabled account). Throws RATE_LIMITED with `retryAfterSeconds`.
 * Audits auth.sign_in.succeeded / auth.sign_in.failed (the email tried, never the password).
 */
export async function verifyCredentials(
  input: { email: string; password: string },
  ctx: AuthContext = {},
  options: { now?: Date } = {},
): Promise<VerifiedUser | null> {
  const email = typeof input.email === 'string' ? normalizeEmail(input.email).slice(0, EMAIL_MAX_LENGTH + 1) : ''
  const password = typeof input.password === 'string' ? input.password : ''

  const check = await checkRateLimit('sign-in', { ip: ctx.ip, account: email || '(none)' }, options)
  if (!check.ok) {
    // One entry per window and bucket, not one per refused request: an attacker cannot flood the log.
    if (check.isFirstRefusal) await auditFailure(email, null, 'rate_limited', ctx)
    throw rateLimitedError('sign-in', check.retryAfterSeconds, check.rule)
  }

  const fail = async (reason: SignInFailure, userId: string | null = null) => {
    await auditFailure(email, userId, reason, ctx)
    return null
  }
  if (!email || email.length > EMAIL_MAX_LENGTH || !password || password.length > LONGEST_PASSWORD) return fail('malformed')

  const user = await db.user.findUnique({
    where: { email },
    select: { id: true, email: true, name: true, isSuperAdmin: true, emailVerifiedAt: true, passwordHash: true, disabledAt: true },
  })
  if (!user?.passwordHash) {
    await verifyPassword(await dummyPasswordHash(), password)
    return fail(user ? 'no_password' : 'unknown_account', user?.id)
  }
  if (!(await verifyPassword(user.passwordHash, password))) return fail('wrong_password', user.id)
  if (user.disabledAt) return fail('disabled', user.id)

  await check.attempt.succeeded()
  await recordAudit({
    action: 'auth.sign_in.succeeded',
    actorType: user.isSuperAdmin ? 'SUPER_ADMIN' : 'USER',
    actorUserId: user.id,
    targetType: 'User',
    targetId: user.id,
    after: { email: user.email, method: 'password' },
    ...auditRequest(ctx),
  })
  return { id: user.id, email: user.email, name: user.name, isSuperAdmin: user.isSuperAdmin, emailVerifiedAt: user.emailVerifiedAt }
}

/** The attempt is not attributed to the account (whoever tried is not known to be its owner); the account is the target. */
async function auditFailure(email: string, userId: string | null, reason: SignInFailure, ctx: AuthContext): Promise<void> {
  await recordAudit({
    action: 'auth.sign_in.failed',
    actorType: 'USER',
    actorUserId: null,
    targetType: userId ? 'User' : undefined,
    targetId: userId ?? undefined,
    reason,
    after: { email: email.slice(0, EMAIL_MAX_LENGTH) },
    ...auditRequest(ctx),
  })
}
