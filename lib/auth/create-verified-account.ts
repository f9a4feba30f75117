/**
 * A new account whose address is already proved (the sign-up link reached the mailbox, or the
 * invitation was sent to it): the user, verified, with its sign-up and verification in the audit
 * log, and the address it came from known to the sign-in limits. Null when the address has an
 * account already (a second use of a link, an OAuth sign-in meanwhile): the caller's usual answer.
 */
import type { Prisma } from '../db'
import { db } from '../db'
import { recordAudit } from '../audit/record-audit'
import { auditRequest, isUniqueViolation, type AuthContext } from './input'
import { rememberKnownAddress } from './rate-limit'

export async function createVerifiedAccount(
  data: { email: string; name: string | null; passwordHash: string },
  how: Prisma.InputJsonObject,
  ctx: AuthContext,
  now: Date,
): Promise<string | null> {
  try {
    const userId = await db.$transaction(async (tx) => {
      const user = await tx.user.create({ data: { ...data, emailVerifiedAt: now }, select: { id: true } })
      const entry = { actorType: 'USER' as const, actorUserId: user.id, targetType: 'User', targetId: user.id, ...auditRequest(ctx) }
      await recordAudit({ action: 'auth.sign_up', ...entry, after: { email: data.email, name: data.name, ...how } }, tx)
      await recordAudit({ action: 'auth.email.verified', ...entry, after: { email: data.email } }, tx)
      return user.id
    })
    await rememberKnownAddress('sign-in', { ip: ctx.ip, account: data.email }, now)
    return userId
  } catch (error) {
    if (isUniqueViolation(error)) return null
    throw error
  }
}
