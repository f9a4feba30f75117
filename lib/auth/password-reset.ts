/**
 * Password reset by email link. Asking for a link answers the same way whether or not the
 * address has an account (only a malformed address or a rate limit is refused, both regardless
 * of the account). The link works once, for 30 minutes; using it sets the new password, retires
 * the user's other reset links, verifies the address (the link reached it) and ends every
 * session of the user.
 */
import { z } from 'zod'
import { db } from '../db'
import { getEnv } from '../env'
import { jobs } from '../jobs/jobs'
import { recordAudit } from '../audit/record-audit'
import { log } from '../log/logger'
import { consumeAuthToken, findUsableAuthToken, issueAuthToken, retireAuthTokens } from './auth-tokens'
import { auditRequest, emailSchema, fieldError, parseInput, type AuthContext } from './input'
import { hashPassword } from './password'
import { assertPasswordAcceptable, PASSWORD_MESSAGES } from './password-policy'
import { limitAttempt, mayEmail, rememberKnownAddress } from './rate-limit'
import { PASSWORD_RESET_TTL_MS } from './tokens'

export const INVALID_RESET_LINK = 'This password reset link is invalid, expired or already used. Ask for a new one.'

const requestSchema = z.object({ email: emailSchema })

/**
 * Mails a reset link when the address belongs to an enabled account; resolves the same way
 * otherwise. Throws VALIDATION (field `email`) for a malformed address, RATE_LIMITED (per IP,
 * per (address, IP)). Past the cap of emails to one address ('reset-email') it resolves the same
 * way and sends nothing: the links sent in that window are still valid, so requests from other
 * people's addresses never stop the owner from resetting.
 */
export async function requestPasswordReset(input: { email: string }, ctx: AuthContext = {}, options: { now?: Date } = {}): Promise<void> {
  const now = options.now ?? new Date()
  const { email } = parseInput(requestSchema, input)
  await limitAttempt('reset', { ip: ctx.ip, account: email }, { now })
  const mayMail = await mayEmail('reset-email', email, { now }) // counted for any address: no account probing

  const user = await db.user.findUnique({ where: { email }, select: { id: true, email: true, name: true, disabledAt: true } })
  if (!user || user.disabledAt) return
  if (!mayMail) {
    log.info('password reset email not sent: this address had its share for now', { userId: user.id, requestId: ctx.requestId })
    return
  }

  const { token, tokenId } = await issueAuthToken({ userId: user.id, purpose: 'PASSWORD_RESET', ttlMs: PASSWORD_RESET_TTL_MS, now })
  await jobs.send({
    name: 'notifications/email.requested',
    data: {
      template: 'password-reset',
      to: user.email,
      data: {
        url: `${getEnv().appUrl}/reset-password?token=${token}`,
        ...(user.name ? { name: user.name } : {}),
        expiresInMinutes: PASSWORD_RESET_TTL_MS / 60_000,
      },
      dedupeKey: `password-reset:${tokenId}`,
      userId: user.id,
    },
  })
  await recordAudit({
    action: 'auth.password.reset_requested',
    actorType: 'USER',
    targetType: 'User',
    targetId: user.id,
    after: { email: user.email },
    ...auditRequest(ctx),
  })
}

const resetSchema = z.object({
  token: z.string({ message: INVALID_RESET_LINK }),
  password: z.string({ message: PASSWORD_MESSAGES.required }),
})

/**
 * Sets a new password with a reset token and ends every session of the user. The token is
 * checked first and used up only once the password is acceptable (a refused password leaves the
 * link working). Throws VALIDATION (field `token` for an unknown, expired or used link — also
 * when a concurrent use won — or `password` for the policy), RATE_LIMITED (per IP).
 */
export async function resetPassword(
  input: { token: string; password: string },
  ctx: AuthContext = {},
  options: { now?: Date } = {},
): Promise<{ userId: string }> {
  const now = options.now ?? new Date()
  const { token, password } = parseInput(resetSchema, input)
  await limitAttempt('reset', { ip: ctx.ip }, { now })

  const usable = await findUsableAuthToken(token, 'PASSWORD_RESET', now)
  const owner = usable && (await db.user.findUnique({ where: { id: usable.userId }, select: { id: true, email: true } }))
  if (!owner) throw fieldError('token', INVALID_RESET_LINK)
  assertPasswordAcceptable(password, { email: owner.email })
  const passwordHash = await hashPassword(password)

  const result = await db.$transaction(async (tx) => {
    const used = await consumeAuthToken(token, 'PASSWORD_RESET', now, tx)
    if (!used) return null // used meanwhile, or expired while hashing
    const user = await tx.user.findUniqueOrThrow({ where: { id: used.userId }, select: { id: true, email: true, emailVerifiedAt: true } })
    await tx.user.update({ where: { id: user.id }, data: { passwordHash, ...(user.emailVerifiedAt ? {} : { emailVerifiedAt: now }) } })
    await retireAuthTokens(user.id, 'PASSWORD_RESET', now, tx)
    const { count: sessionsEnded } = await tx.session.deleteMany({ where: { userId: user.id } })
    await recordAudit(
      {
        action: 'auth.password.reset',
        actorType: 'USER',
        actorUserId: user.id,
        targetType: 'User',
        targetId: user.id,
        after: { email: user.email, sessionsEnded },
        ...auditRequest(ctx),
      },
      tx,
    )
    return { userId: user.id }
  })
  if (!result) throw fieldError('token', INVALID_RESET_LINK)
  // Whoever reset the password from here owns the mailbox: sign-in's per-account ceiling no longer applies here.
  await rememberKnownAddress('sign-in', { ip: ctx.ip, account: owner.email }, now)
  return result
}
