import { beforeAll, describe, expect, it } from 'vitest'
import { AppError } from '../errors/app-error'
import { useTestDatabase } from '../testing/use-test-database'
import { hashPassword } from './password'
import { createSession, getSession, markSessionMfaVerified, revokeAllSessions, revokeSession } from './sessions'
import { hashToken } from './tokens'
import { verifyCredentials } from './verify-credentials'

const database = useTestDatabase()
let counter = 0
const PASSWORD = 'Tenancy-Test-Password-42'
let hash: string

async function createUser(email: string) {
  return database.db.user.create({ data: { email, name: 'Session User', passwordHash: hash, emailVerifiedAt: new Date() } })
}

/** What the sign-in route does: check the password, then open a new session. */
async function signIn(email: string) {
  const ip = `198.18.0.${++counter}`
  const user = await verifyCredentials({ email, password: PASSWORD }, { ip })
  if (!user) throw new Error('sign-in failed')
  return createSession({ userId: user.id, ip, userAgent: 'vitest' })
}

beforeAll(async () => {
  hash = await hashPassword(PASSWORD)
})

describe('sessions', () => {
  it('stores only the SHA-256 of the token and finds the session with the raw token', async () => {
    const user = await createUser('ada@example.com')
    const { sessionToken, expires } = await createSession({ userId: user.id, ip: '198.18.1.1', userAgent: 'vitest' })
    expect(sessionToken).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(expires.getTime()).toBeGreaterThan(Date.now() + 29.9 * 86_400_000)
    const row = await database.db.session.findFirstOrThrow({ where: { userId: user.id } })
    expect(row.sessionToken).toBe(hashToken(sessionToken))
    expect(row.sessionToken).not.toBe(sessionToken)
    expect(row).toMatchObject({ ip: '198.18.1.1', userAgent: 'vitest', mfaAt: null })

    expect(await getSession(sessionToken)).toEqual({
      sessionId: row.id,
      userId: user.id,
      expires: row.expires,
      mfaAt: null,
      user: {
        id: user.id,
        email: 'ada@example.com',
        name: 'Session User',
        isSuperAdmin: false,
        emailVerifiedAt: user.emailVerifiedAt,
        totpEnabledAt: null,
      },
    })
    // The stored hash is not a token: a copy of the table cannot be replayed.
    expect(await getSession(row.sessionToken)).toBeNull()
    expect(await getSession('not-a-token')).toBeNull()
  })

  it('gives every sign-in a new session; revokeAllSessions ends them all', async () => {
    const user = await createUser('grace@example.com')
    const first = await signIn('grace@example.com')
    const second = await signIn('grace@example.com')
    expect(first.sessionToken).not.toBe(second.sessionToken)
    expect((await getSession(first.sessionToken))?.sessionId).not.toBe((await getSession(second.sessionToken))?.sessionId)
    expect(await database.db.session.count({ where: { userId: user.id } })).toBe(2)

    const other = await createUser('other@example.com')
    const untouched = await signIn('other@example.com')

    expect(await revokeAllSessions(user.id)).toBe(2)
    expect(await getSession(first.sessionToken)).toBeNull()
    expect(await getSession(second.sessionToken)).toBeNull()
    expect((await getSession(untouched.sessionToken))?.userId).toBe(other.id)
  })

  it('revokeSession ends one session only', async () => {
    await createUser('linus@example.com')
    const a = await signIn('linus@example.com')
    const b = await signIn('linus@example.com')
    await revokeSession(a.sessionToken)
    expect(await getSession(a.sessionToken)).toBeNull()
    expect(await getSession(b.sessionToken)).not.toBeNull()
    await revokeSession(a.sessionToken) // again: nothing to do
    await revokeSession('garbage')
  })

  it('ends at expiry, and for disabled users', async () => {
    const user = await createUser('expiring@example.com')
    const now = new Date('2026-11-22T10:00:00.000Z')
    const { sessionToken } = await createSession({ userId: user.id, maxAgeDays: 1, now })
    const longIdle = { idleMinutes: 43_200 } // the idle timeout out of the way
    expect(await getSession(sessionToken, { now: new Date(now.getTime() + 86_399_000), ...longIdle })).not.toBeNull()
    expect(await getSession(sessionToken, { now: new Date(now.getTime() + 86_400_000), ...longIdle })).toBeNull()
    expect(await database.db.session.count({ where: { userId: user.id } })).toBe(0) // expired rows are removed when seen

    const live = await createSession({ userId: user.id })
    await database.db.user.update({ where: { id: user.id }, data: { disabledAt: new Date() } })
    expect(await getSession(live.sessionToken)).toBeNull()
  })

  it('ends when unused for SESSION_IDLE_MINUTES (30 by default), deleted; each use extends it, written at most once a minute', async () => {
    const user = await createUser('idle@example.com')
    const t0 = new Date('2026-11-22T10:00:00.000Z')
    const at = (minutes: number) => ({ now: new Date(t0.getTime() + minutes * 60_000) })
    const { sessionToken } = await createSession({ userId: user.id, now: t0 })
    const lastSeen = async () => (await database.db.session.findFirstOrThrow({ where: { userId: user.id } })).lastSeenAt
    expect(await lastSeen()).toEqual(t0)

    expect(await getSession(sessionToken, at(0.5))).not.toBeNull()
    expect(await lastSeen()).toEqual(t0) // within the minute: no write
    expect(await getSession(sessionToken, at(29))).not.toBeNull()
    expect(await lastSeen()).toEqual(at(29).now) // used: extended
    expect(await getSession(sessionToken, at(58.9))).not.toBeNull() // 29.9 minutes after its last use
    expect(await getSession(sessionToken, at(88.9))).toBeNull() // 30 minutes unused
    expect(await database.db.session.count({ where: { userId: user.id } })).toBe(0) // deleted, not only refused

    // The setting: 120 minutes.
    const longer = await createSession({ userId: user.id, now: t0 })
    expect(await getSession(longer.sessionToken, { ...at(100), idleMinutes: 120 })).not.toBeNull()
    expect(await getSession(longer.sessionToken, { ...at(220), idleMinutes: 120 })).toBeNull()
  })

  it('lets a passed second factor count for MFA_MAX_AGE_HOURS (12 by default), then asks again', async () => {
    const user = await createUser('mfa-age@example.com')
    const t0 = new Date('2026-11-22T10:00:00.000Z')
    const at = (hours: number) => ({ now: new Date(t0.getTime() + hours * 3_600_000), idleMinutes: 43_200 })
    const { sessionToken } = await createSession({ userId: user.id, now: t0 })
    await markSessionMfaVerified(sessionToken, { now: t0 })
    expect((await getSession(sessionToken, at(11.9)))?.mfaAt).toEqual(t0)
    const later = await getSession(sessionToken, at(12))
    expect(later).not.toBeNull() // still signed in…
    expect(later?.mfaAt).toBeNull() // …but the second factor is asked again
    await markSessionMfaVerified(sessionToken, at(12.5))
    expect((await getSession(sessionToken, at(13)))?.mfaAt).toEqual(at(12.5).now)
    expect((await getSession(sessionToken, { ...at(13), mfaMaxAgeHours: 0.25 }))?.mfaAt).toBeNull()
  })

  it('records the second factor in the session', async () => {
    const user = await createUser('mfa@example.com')
    const { sessionToken } = await createSession({ userId: user.id })
    const other = await createSession({ userId: user.id })
    await markSessionMfaVerified(sessionToken)
    expect((await getSession(sessionToken))?.mfaAt).toBeInstanceOf(Date)
    expect((await getSession(other.sessionToken))?.mfaAt).toBeNull()
    await revokeSession(sessionToken)
    await expect(markSessionMfaVerified(sessionToken)).rejects.toBeInstanceOf(AppError)
    await expect(markSessionMfaVerified(sessionToken)).rejects.toMatchObject({ code: 'UNAUTHENTICATED' })
  })
})
