/**
 * Second factor for super-admins: TOTP (RFC 6238: SHA-1, 6 digits, 30 s, issuer "Tenancy") and
 * ten single-use recovery codes.
 *
 * - The TOTP secret is encrypted at rest (User.totpSecret) with AES-256-GCM under a key derived
 *   from AUTH_SECRET by HKDF-SHA-256; the user id is the additional authenticated data, so a
 *   ciphertext copied onto another user does not decrypt. Stored as `v1.<iv>.<ciphertext>.<tag>`
 *   (base64url). Changing AUTH_SECRET makes the secrets unreadable: the admins then sign in with
 *   a recovery code and enrol again.
 * - Enrolment has two steps: beginTotpEnrollment stores a new secret with totpEnabledAt still
 *   null; confirmTotpEnrollment checks a code from the app, sets totpEnabledAt and returns the
 *   recovery codes, shown once.
 * - Recovery codes are 16 Crockford base32 characters (80 random bits), shown as
 *   `xxxx-xxxx-xxxx-xxxx`; only their SHA-256 is stored (80 bits do not need a slow hash), so they
 *   keep working if AUTH_SECRET changes.
 * - Codes are accepted one step either side of now (±30 s of clock drift). A code is accepted once:
 *   the last accepted time step is kept in RateLimitBucket under `totp-step:<userId>` (count =
 *   the step, raised by one conditional upsert; an equal or older step is refused as a replay).
 * - Guesses are limited per (user, IP) and per user (the 'mfa' rules of rate-limit.ts).
 */
import crypto from 'node:crypto'
import { Secret, TOTP } from 'otpauth'
import QRCode from 'qrcode'
import { db } from '../db'
import { getEnv } from '../env'
import { AppError } from '../errors/app-error'
import { recordAudit } from '../audit/record-audit'
import { log } from '../log/logger'
import { auditRequest, fieldError, type AuthContext } from './input'
import { checkRateLimit, limitAttempt, rateLimitedError } from './rate-limit'

export const TOTP_ISSUER = 'Tenancy'
export const TOTP_PERIOD_SECONDS = 30
export const TOTP_DIGITS = 6
/** Steps accepted either side of the current one. */
export const TOTP_WINDOW = 1
export const RECOVERY_CODE_COUNT = 10

export const INVALID_CODE_MESSAGE = 'That code is not valid. Enter the current 6-digit code from your authenticator app.'

// ---------------------------------------------------------------------------------------------
// Encryption of the secret

const ENCRYPTION_VERSION = 'v1'

function encryptionKey(authSecret: string): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', authSecret, 'tenancy', 'tenancy/totp-secret/v1', 32))
}

/** AES-256-GCM of the base32 secret, bound to the user id. */
export function encryptTotpSecret(secretBase32: string, userId: string, authSecret: string = getEnv().AUTH_SECRET): string {
  const iv = crypto.randomBytes(12)
  const cipher = crypto.createCipheriv('aes-256-gcm', encryptionKey(authSecret), iv)
  cipher.setAAD(Buffer.from(userId, 'utf8'))
  const ciphertext = Buffer.concat([cipher.update(secretBase32, 'utf8'), cipher.final()])
  return [ENCRYPTION_VERSION, iv.toString('base64url'), ciphertext.toString('base64url'), cipher.getAuthTag().toString('base64url')].join(
    '.',
  )
}

/** The base32 secret; throws when the value was tampered with, belongs to another user or another AUTH_SECRET. */
export function decryptTotpSecret(stored: string, userId: string, authSecret: string = getEnv().AUTH_SECRET): string {
  const [version, iv, ciphertext, tag] = stored.split('.')
  if (version !== ENCRYPTION_VERSION || !iv || !ciphertext || !tag) throw new Error('Unrecognized TOTP secret format')
  const decipher = crypto.createDecipheriv('aes-256-gcm', encryptionKey(authSecret), Buffer.from(iv, 'base64url'))
  decipher.setAAD(Buffer.from(userId, 'utf8'))
  decipher.setAuthTag(Buffer.from(tag, 'base64url'))
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8')
}

// ---------------------------------------------------------------------------------------------
// Codes

export function totpFor(secretBase32: string, label: string): TOTP {
  return new TOTP({
    issuer: TOTP_ISSUER,
    label,
    algorithm: 'SHA1',
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
    secret: Secret.fromBase32(secretBase32),
  })
}

/** The time step of a valid code (now's step ± the window), or null. */
export function matchTotpStep(totp: TOTP, code: string, now: Date): number | null {
  const delta = totp.validate({ token: code, timestamp: now.getTime(), window: TOTP_WINDOW })
  return delta === null ? null : totp.counter({ timestamp: now.getTime() }) + delta
}

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz'

/** Ten fresh recovery codes, `xxxx-xxxx-xxxx-xxxx`. */
export function generateRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const bytes = crypto.randomBytes(16)
    const chars = Array.from(bytes, (byte) => CROCKFORD[byte & 31]).join('')
    return chars.match(/.{4}/g)!.join('-')
  })
}

/** What a typed code means: six digits (TOTP), a recovery code (normalized), or neither. */
export function classifyCode(code: string): { kind: 'totp'; code: string } | { kind: 'recovery'; code: string } | { kind: 'invalid' } {
  const compact = code.replace(/[\s-]/g, '').toLowerCase()
  if (/^\d{6}$/.test(compact)) return { kind: 'totp', code: compact }
  // Crockford base32 reads i and l as 1, o as 0.
  const normalized = compact.replace(/[il]/g, '1').replace(/o/g, '0')
  if (normalized.length === 16 && [...normalized].every((c) => CROCKFORD.includes(c))) return { kind: 'recovery', code: normalized }
  return { kind: 'invalid' }
}

/** SHA-256 of a normalized recovery code, hex (RecoveryCode.codeHash). */
export function hashRecoveryCode(normalizedCode: string): string {
  return crypto.createHash('sha256').update(`tenancy-recovery:${normalizedCode}`, 'utf8').digest('hex')
}

/**
 * Records `step` as the user's last accepted TOTP step unless that step (or a later one) was
 * already accepted: true the first time, false for a replay. One conditional upsert.
 */
async function claimTotpStep(userId: string, step: number): Promise<boolean> {
  const windowStart = new Date(step * TOTP_PERIOD_SECONDS * 1000)
  // Kept until the step can no longer be valid, so clean-up by resetAt never forgets a live one.
  const resetAt = new Date((step + TOTP_WINDOW + 1) * TOTP_PERIOD_SECONDS * 1000)
  const rows = await db.$queryRawUnsafe<{ key: string }[]>(
    `INSERT INTO "RateLimitBucket" ("key", "count", "windowStart", "resetAt")
     VALUES ($1, $2, $3::timestamp, $4::timestamp)
     ON CONFLICT ("key") DO UPDATE SET "count" = EXCLUDED."count", "windowStart" = EXCLUDED."windowStart", "resetAt" = EXCLUDED."resetAt"
       WHERE "RateLimitBucket"."count" < EXCLUDED."count"
     RETURNING "key"`,
    `totp-step:${userId}`,
    step,
    windowStart.toISOString(),
    resetAt.toISOString(),
  )
  return rows.length === 1
}

// ---------------------------------------------------------------------------------------------
// Use cases

const actorType = (user: { isSuperAdmin: boolean }) => (user.isSuperAdmin ? 'SUPER_ADMIN' : 'USER') as 'SUPER_ADMIN' | 'USER'

/**
 * Starts (or restarts) enrolment: a new secret, stored encrypted, not active until confirmed.
 * Throws NOT_FOUND (no such user), CONFLICT (TOTP already enabled).
 */
export async function beginTotpEnrollment(userId: string): Promise<{ otpauthUri: string; qrCodeDataUrl: string; secretBase32: string }> {
  const user = await db.user.findUnique({ where: { id: userId }, select: { id: true, email: true, totpEnabledAt: true } })
  if (!user) throw new AppError('NOT_FOUND', 'Account not found')
  if (user.totpEnabledAt) throw new AppError('CONFLICT', 'Two-factor authentication is already set up.')

  const secretBase32 = new Secret({ size: 20 }).base32
  const otpauthUri = totpFor(secretBase32, user.email).toString()
  const qrCodeDataUrl = await QRCode.toDataURL(otpauthUri, { errorCorrectionLevel: 'M', margin: 1, width: 240 })
  const { count } = await db.user.updateMany({
    where: { id: user.id, totpEnabledAt: null },
    data: { totpSecret: encryptTotpSecret(secretBase32, user.id) },
  })
  if (count === 0) throw new AppError('CONFLICT', 'Two-factor authentication is already set up.')
  return { otpauthUri, qrCodeDataUrl, secretBase32 }
}

/**
 * Activates the pending secret once the app shows a valid code; returns the recovery codes (shown
 * once; any earlier ones are replaced). Throws VALIDATION (field `code`), NOT_FOUND, CONFLICT
 * (already enabled, or the enrolment was restarted meanwhile), PRECONDITION_FAILED (not begun),
 * RATE_LIMITED ('mfa').
 */
export async function confirmTotpEnrollment(
  userId: string,
  code: string,
  ctx: AuthContext = {},
  options: { now?: Date } = {},
): Promise<{ recoveryCodes: string[] }> {
  const now = options.now ?? new Date()
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, isSuperAdmin: true, totpSecret: true, totpEnabledAt: true },
  })
  if (!user) throw new AppError('NOT_FOUND', 'Account not found')
  if (user.totpEnabledAt) throw new AppError('CONFLICT', 'Two-factor authentication is already set up.')
  if (!user.totpSecret) throw new AppError('PRECONDITION_FAILED', 'Start the two-factor set-up first.')
  const attempt = await limitAttempt('mfa', { ip: ctx.ip, account: user.id }, { now })

  const typed = classifyCode(String(code))
  const step =
    typed.kind === 'totp' ? matchTotpStep(totpFor(decryptTotpSecret(user.totpSecret, user.id), user.email), typed.code, now) : null
  if (step === null || !(await claimTotpStep(user.id, step))) throw fieldError('code', INVALID_CODE_MESSAGE)

  const recoveryCodes = generateRecoveryCodes()
  await db.$transaction(async (tx) => {
    // Only the secret the code was checked against: a concurrent restart of the enrolment wins.
    const { count } = await tx.user.updateMany({
      where: { id: user.id, totpEnabledAt: null, totpSecret: user.totpSecret },
      data: { totpEnabledAt: now },
    })
    if (count === 0) throw new AppError('CONFLICT', 'The two-factor set-up changed meanwhile. Start again.')
    await tx.recoveryCode.deleteMany({ where: { userId: user.id } })
    await tx.recoveryCode.createMany({
      data: recoveryCodes.map((recoveryCode) => ({
        userId: user.id,
        codeHash: hashRecoveryCode(recoveryCode.replaceAll('-', '')),
        createdAt: now,
      })),
    })
    await recordAudit(
      {
        action: 'auth.mfa.enrolled',
        actorType: actorType(user),
        actorUserId: user.id,
        targetType: 'User',
        targetId: user.id,
        after: { method: 'totp', recoveryCodeCount: recoveryCodes.length },
        ...auditRequest(ctx),
      },
      tx,
    )
  })
  await attempt.succeeded()
  return { recoveryCodes }
}

/**
 * Checks a second factor: a current TOTP code (not used before) or an unused recovery code (used
 * up by this call). A wrong code returns false and counts against the 'mfa' limits. Throws
 * PRECONDITION_FAILED (TOTP not enabled for the user), RATE_LIMITED.
 */
export async function verifySecondFactor(
  userId: string,
  code: string,
  ctx: AuthContext = {},
  options: { now?: Date } = {},
): Promise<boolean> {
  const now = options.now ?? new Date()
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, isSuperAdmin: true, totpSecret: true, totpEnabledAt: true },
  })
  if (!user?.totpEnabledAt || !user.totpSecret)
    throw new AppError('PRECONDITION_FAILED', 'Two-factor authentication is not set up for this account.')

  const audit = (action: 'auth.mfa.verified' | 'auth.mfa.failed', details: { reason?: string; after?: Record<string, unknown> }) =>
    recordAudit({
      action,
      actorType: actorType(user),
      actorUserId: user.id,
      targetType: 'User',
      targetId: user.id,
      ...details,
      ...auditRequest(ctx),
    })

  const check = await checkRateLimit('mfa', { ip: ctx.ip, account: user.id }, { now })
  if (!check.ok) {
    if (check.isFirstRefusal) await audit('auth.mfa.failed', { reason: 'rate_limited' })
    throw rateLimitedError('mfa', check.retryAfterSeconds)
  }

  const fail = async (reason: string) => {
    await audit('auth.mfa.failed', { reason })
    return false
  }
  const succeed = async (after: Record<string, unknown>) => {
    await check.attempt.succeeded()
    await audit('auth.mfa.verified', { after })
    return true
  }

  const typed = classifyCode(typeof code === 'string' ? code : '')
  if (typed.kind === 'totp') {
    let secret: string
    try {
      secret = decryptTotpSecret(user.totpSecret, user.id)
    } catch (error) {
      log.error('TOTP secret cannot be decrypted (was AUTH_SECRET changed?)', { userId: user.id, error })
      return fail('secret_unreadable')
    }
    const step = matchTotpStep(totpFor(secret, user.email), typed.code, now)
    if (step === null) return fail('wrong_code')
    if (!(await claimTotpStep(user.id, step))) return fail('replayed_code')
    return succeed({ method: 'totp' })
  }
  if (typed.kind === 'recovery') {
    const { count } = await db.recoveryCode.updateMany({
      where: { userId: user.id, codeHash: hashRecoveryCode(typed.code), usedAt: null },
      data: { usedAt: now },
    })
    if (count === 0) return fail('wrong_recovery_code')
    const left = await db.recoveryCode.count({ where: { userId: user.id, usedAt: null } })
    return succeed({ method: 'recovery_code', recoveryCodesLeft: left })
  }
  return fail('malformed_code')
}
