// The second step of the enrolment (begin-totp-enrollment.ts is the first). Guesses are limited by
// the 'mfa' rules of rate-limit.ts (per IP, per (user, IP), per user from new addresses); a code is
// accepted once (totp-store.ts).
import { db } from '../db'
import { AppError } from '../errors/app-error'
import { recordAudit } from '../audit/record-audit'
import { auditRequest, fieldError, type AuthContext } from './input'
import { limitAttempt } from './rate-limit'
import { classifyCode, decryptTotpSecret, generateRecoveryCodes, hashRecoveryCode, matchTotpStep, totpFor } from './totp'
import { actorTypeOf, claimTotpStep } from './totp-store'

export const INVALID_CODE_MESSAGE = 'That code is not valid. Enter the current 6-digit code from your authenticator app.'

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
        actorType: actorTypeOf(user),
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
