/**
 * Email verification: a link with a single-use token (24 hours) is mailed at sign-up and on
 * request; opening it marks the address verified. Earlier links stay valid until one of them is
 * used, then the others are retired.
 */
import { db } from '../db'
import { getEnv } from '../env'
import { AppError } from '../errors/app-error'
import { jobs } from '../jobs/jobs'
import { recordAudit } from '../audit/record-audit'
import { consumeAuthToken, issueAuthToken, retireAuthTokens } from './auth-tokens'
import { auditRequest, fieldError, type AuthContext } from './input'
import { limitAttempt } from './rate-limit'
import { VERIFY_EMAIL_TTL_MS } from './tokens'

export const INVALID_VERIFICATION_LINK = 'This verification link is invalid, expired or already used. Sign in and ask for a new one.'

/**
 * Mails a verification link to the user. Nothing is sent (`sent: false`) when the address is
 * already verified or the account is disabled. Limited per user and per IP ('verify').
 * Throws NOT_FOUND for an unknown user, RATE_LIMITED.
 */
export async function sendVerificationEmail(
  userId: string,
  ctx: AuthContext = {},
  options: { now?: Date } = {},
): Promise<{ sent: boolean }> {
  const now = options.now ?? new Date()
  const user = await db.user.findUnique({
    where: { id: userId },
    select: { id: true, email: true, name: true, emailVerifiedAt: true, disabledAt: true },
  })
  if (!user) throw new AppError('NOT_FOUND', 'Account not found')
  if (user.emailVerifiedAt || user.disabledAt) return { sent: false }
  await limitAttempt('verify', { ip: ctx.ip, account: user.id }, { now })

  const { token, tokenId } = await issueAuthToken({ userId: user.id, purpose: 'VERIFY_EMAIL', ttlMs: VERIFY_EMAIL_TTL_MS, now })
  await jobs.send({
    name: 'notifications/email.requested',
    data: {
      template: 'verify-email',
      to: user.email,
      data: {
        url: `${getEnv().appUrl}/verify?token=${token}`,
        ...(user.name ? { name: user.name } : {}),
        expiresInHours: VERIFY_EMAIL_TTL_MS / 3_600_000,
      },
      dedupeKey: `verify-email:${tokenId}`,
      userId: user.id,
    },
  })
  return { sent: true }
}

/**
 * Marks the address of the token's user verified and uses the token up (atomically: a second
 * use fails). Limited per IP ('verify'). Throws VALIDATION (field `token`) for an unknown,
 * expired or used token, RATE_LIMITED.
 */
export async function verifyEmail(
  token: string,
  ctx: AuthContext = {},
  options: { now?: Date } = {},
): Promise<{ userId: string; email: string }> {
  const now = options.now ?? new Date()
  await limitAttempt('verify', { ip: ctx.ip }, { now })
  const verified = await db.$transaction(async (tx) => {
    const used = await consumeAuthToken(token, 'VERIFY_EMAIL', now, tx)
    if (!used) return null
    const user = await tx.user.findUnique({ where: { id: used.userId }, select: { id: true, email: true, emailVerifiedAt: true } })
    if (!user) return null
    if (!user.emailVerifiedAt) await tx.user.update({ where: { id: user.id }, data: { emailVerifiedAt: now } })
    await retireAuthTokens(user.id, 'VERIFY_EMAIL', now, tx)
    await recordAudit(
      {
        action: 'auth.email.verified',
        actorType: 'USER',
        actorUserId: user.id,
        targetType: 'User',
        targetId: user.id,
        after: { email: user.email },
        ...auditRequest(ctx),
      },
      tx,
    )
    return { userId: user.id, email: user.email }
  })
  if (!verified) throw fieldError('token', INVALID_VERIFICATION_LINK)
  return verified
}
