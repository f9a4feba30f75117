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
    expect(await getSession(sessionToken, { now: new Date(now.getTime() + 86_399_000) })).not.toBeNull()
    expect(await getSession(sessionToken, { now: new Date(now.getTime() + 86_400_000) })).toBeNull()
    expect(await database.db.session.count({ where: { userId: user.id } })).toBe(0) // expired rows are removed when seen

    const live = await createSession({ userId: user.id })
    await database.db.user.update({ where: { id: user.id }, data: { disabledAt: new Date() } })
    expect(await getSession(live.sessionToken)).toBeNull()
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
