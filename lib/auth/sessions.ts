/**
 * Database sessions. Every sign-in gets a fresh random token (never reused, so a token planted
 * before sign-in is worthless); the browser holds it, the Session row holds only its SHA-256,
 * so a copy of the table cannot be replayed. Each request looks the row up: deleting rows
 * (sign-out, sign out everywhere, password reset) ends sessions at once.
 *
 * Lifetimes: a session lasts at most 30 days, and ends sooner when unused for
 * SESSION_IDLE_MINUTES (30): the request that finds it idle deletes it and is signed out. Each
 * request extends it by moving `lastSeenAt`, written at most once a minute (a tenth of the idle
 * time when that is shorter), so a page's many lookups cost one write. A super-admin's second
 * factor counts for MFA_MAX_AGE_HOURS (12) after it was passed in the session, then /mfa asks again.
 */
import { db } from '../db'
import { getEnv } from '../env'
import { AppError } from '../errors/app-error'
import { generateToken, hashToken, isWellFormedToken } from './tokens'

export const SESSION_MAX_AGE_DAYS = 30
const TOUCH_INTERVAL_MS = 60_000

export interface SessionTimeouts {
  /** A session unused this long ends. */
  idleMinutes: number
  /** A second factor passed this long ago no longer counts. */
  mfaMaxAgeHours: number
}

function timeouts(options: Partial<SessionTimeouts>): SessionTimeouts {
  const env = getEnv()
  return { idleMinutes: options.idleMinutes ?? env.SESSION_IDLE_MINUTES, mfaMaxAgeHours: options.mfaMaxAgeHours ?? env.MFA_MAX_AGE_HOURS }
}

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
  /** When the second factor was verified in this session (null: not yet, or longer ago than MFA_MAX_AGE_HOURS). */
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
      lastSeenAt: now,
      createdAt: now,
    },
  })
  return { sessionToken, expires }
}

/**
 * The session of a raw token with its user, extended by this use; null when unknown, expired,
 * idle for SESSION_IDLE_MINUTES (then deleted), or the user is disabled.
 */
export async function getSession(
  sessionToken: string,
  options: { now?: Date } & Partial<SessionTimeouts> = {},
): Promise<CurrentSession | null> {
  if (!isWellFormedToken(sessionToken)) return null
  const now = options.now ?? new Date()
  const { idleMinutes, mfaMaxAgeHours } = timeouts(options)
  const session = await db.session.findUnique({
    where: { sessionToken: hashToken(sessionToken) },
    select: {
      id: true,
      userId: true,
      expires: true,
      mfaAt: true,
      lastSeenAt: true,
      user: {
        select: { id: true, email: true, name: true, isSuperAdmin: true, emailVerifiedAt: true, totpEnabledAt: true, disabledAt: true },
      },
    },
  })
  if (!session) return null
  const idleMs = idleMinutes * 60_000
  if (session.expires <= now || session.lastSeenAt.getTime() + idleMs <= now.getTime()) {
    await db.session.deleteMany({ where: { id: session.id } })
    return null
  }
  if (session.user.disabledAt) return null
  const touchMs = Math.min(TOUCH_INTERVAL_MS, idleMs / 10)
  if (now.getTime() - session.lastSeenAt.getTime() >= touchMs) {
    // Conditional: of concurrent requests, one writes.
    await db.session.updateMany({ where: { id: session.id, lastSeenAt: session.lastSeenAt }, data: { lastSeenAt: now } })
  }
  const isMfaFresh = session.mfaAt !== null && now.getTime() - session.mfaAt.getTime() < mfaMaxAgeHours * 3_600_000
  const { disabledAt: _disabledAt, ...user } = session.user
  return { sessionId: session.id, userId: session.userId, expires: session.expires, mfaAt: isMfaFresh ? session.mfaAt : null, user }
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
