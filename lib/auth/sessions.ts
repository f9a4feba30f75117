/**
 * Database sessions. Every sign-in gets a fresh random token (never reused, so a token planted
 * before sign-in is worthless); the browser holds it, the Session row holds only its SHA-256,
 * so a copy of the table cannot be replayed. Each request looks the row up: deleting rows
 * (sign-out, sign out everywhere, password reset) ends sessions at once.
 */
import { db } from '../db'
import { AppError } from '../errors/app-error'
import { generateToken, hashToken, isWellFormedToken } from './tokens'

export const SESSION_MAX_AGE_DAYS = 30

export interface SessionUser {
  id: string
  email: string
  name: string | null
  isSuperAdmin: boolean
  emailVerifiedAt: Date | null
  totpEnabledAt: Date | null
}

export interface CurrentSession {
  sessionId: string
  userId: string
  expires: Date
  /** When the second factor was verified in this session (null: not yet). */
  mfaAt: Date | null
  user: SessionUser
}

/** A new session for a user who just proved who they are. Returns the raw token (for the cookie) once. */
export async function createSession(options: {
  userId: string
  ip?: string
  userAgent?: string
  maxAgeDays?: number
  now?: Date
}): Promise<{ sessionToken: string; expires: Date }> {
  const now = options.now ?? new Date()
  const sessionToken = generateToken()
  const expires = new Date(now.getTime() + (options.maxAgeDays ?? SESSION_MAX_AGE_DAYS) * 86_400_000)
  await db.session.create({
    data: {
      sessionToken: hashToken(sessionToken),
      userId: options.userId,
      expires,
      ip: options.ip?.slice(0, 64),
      userAgent: options.userAgent?.slice(0, 512),
      createdAt: now,
    },
  })
  return { sessionToken, expires }
}

/** The session of a raw token with its user; null when unknown, expired, or the user is disabled. */
export async function getSession(sessionToken: string, options: { now?: Date } = {}): Promise<CurrentSession | null> {
  if (!isWellFormedToken(sessionToken)) return null
  const now = options.now ?? new Date()
  const session = await db.session.findUnique({
    where: { sessionToken: hashToken(sessionToken) },
    select: {
      id: true,
      userId: true,
      expires: true,
      mfaAt: true,
      user: {
        select: { id: true, email: true, name: true, isSuperAdmin: true, emailVerifiedAt: true, totpEnabledAt: true, disabledAt: true },
      },
    },
  })
  if (!session) return null
  if (session.expires <= now) {
    await db.session.deleteMany({ where: { id: session.id } })
    return null
  }
  if (session.user.disabledAt) return null
  const { disabledAt: _disabledAt, ...user } = session.user
  return { sessionId: session.id, userId: session.userId, expires: session.expires, mfaAt: session.mfaAt, user }
}

/** Ends one session (sign-out). Unknown tokens are ignored. */
export async function revokeSession(sessionToken: string): Promise<void> {
  if (!isWellFormedToken(sessionToken)) return
  await db.session.deleteMany({ where: { sessionToken: hashToken(sessionToken) } })
}

/** Ends every session of the user (sign out everywhere, password reset). Returns how many ended. */
export async function revokeAllSessions(userId: string): Promise<number> {
  const { count } = await db.session.deleteMany({ where: { userId } })
  return count
}

/** Records that the second factor was verified in this session. Throws UNAUTHENTICATED when the session is gone. */
export async function markSessionMfaVerified(sessionToken: string, options: { now?: Date } = {}): Promise<void> {
  const now = options.now ?? new Date()
  const { count } = isWellFormedToken(sessionToken)
    ? await db.session.updateMany({ where: { sessionToken: hashToken(sessionToken), expires: { gt: now } }, data: { mfaAt: now } })
    : { count: 0 }
  if (count === 0) throw new AppError('UNAUTHENTICATED', 'Your session has ended. Sign in again.')
}
