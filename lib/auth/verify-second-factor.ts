// The second factor at sign-in. TOTP guesses are limited per IP, per (user, IP) and, from addresses
// where the user never passed it, per user (the 'mfa' rules of rate-limit.ts); recovery codes (80
// bits) per IP and per (user, IP) only ('mfa-recovery'), so an owner whose TOTP ceiling others spent
// still gets in with one. A TOTP code is accepted once (totp-store.ts), a recovery code is used up.
import { db } from '../db'
import { AppError } from '../errors/app-error'
import { recordAudit } from '../audit/record-audit'
import { log } from '../log/logger'
import { auditRequest, type AuthContext } from './input'
import { checkRateLimit, rateLimitedError, rememberKnownAddress } from './rate-limit'
import { classifyCode, decryptTotpSecret, hashRecoveryCode, matchTotpStep, totpFor } from './totp'
import { actorTypeOf, claimTotpStep } from './totp-store'

/**
 * Checks a second factor: a current TOTP code (not used before) or an unused recovery code (used
 * up by this call). A wrong code returns false and counts against the 'mfa' (or 'mfa-recovery') limits. Throws
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
      actorType: actorTypeOf(user),
      actorUserId: user.id,
      targetType: 'User',
      targetId: user.id,
      ...details,
      ...auditRequest(ctx),
    })

  const typed = classifyCode(typeof code === 'string' ? code : '')
  const scope = typed.kind === 'recovery' ? 'mfa-recovery' : 'mfa'
  const check = await checkRateLimit(scope, { ip: ctx.ip, account: user.id }, { now })
  if (!check.ok) {
    if (check.isFirstRefusal) await audit('auth.mfa.failed', { reason: 'rate_limited' })
    throw rateLimitedError(scope, check.retryAfterSeconds, check.rule)
  }

  const fail = async (reason: string) => {
    await audit('auth.mfa.failed', { reason })
    return false
  }
  const succeed = async (after: Record<string, unknown>) => {
    await check.attempt.succeeded()
    // A recovery code proves the user as well as a TOTP code: its address is known to the TOTP ceiling from now on.
    if (scope === 'mfa-recovery') await rememberKnownAddress('mfa', { ip: ctx.ip, account: user.id }, now)
    await audit('auth.mfa.verified', { after })
    return true
  }

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
