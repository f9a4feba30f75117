import { beforeAll, describe, expect, it } from 'vitest'
import { getEnv } from '../env'
import { AppError } from '../errors/app-error'
import { expectAppError } from '../testing/expect-app-error'
import { useTestDatabase } from '../testing/use-test-database'
import { clientContexts } from './testing/fixtures'
import { hashPassword } from './password'
import { PASSWORD_MESSAGES } from './password-policy'
import { INVALID_RESET_LINK, requestPasswordReset, resetPassword } from './password-reset'
import { isKnownAddress } from './rate-limit'
import { createSession, getSession } from './sessions'
import { verifyCredentials } from './verify-credentials'

const database = useTestDatabase()
const ctx = clientContexts()
const OLD_PASSWORD = 'Tenancy-Old-Password-1'
const NEW_PASSWORD = 'Tenancy-New-Password-2'
let oldHash: string

beforeAll(async () => {
  oldHash = await hashPassword(OLD_PASSWORD)
})

async function createUser(email: string, data: { disabledAt?: Date; name?: string } = {}) {
  return database.db.user.create({ data: { email, passwordHash: oldHash, ...data } })
}

function lastToken(): string {
  const event = database.jobs.sent.at(-1)
  if (!event) throw new Error('no email sent')
  return new URL((event.data as { data: { url: string } }).data.url).searchParams.get('token')!
}

describe('requestPasswordReset', () => {
  it('mails a 30-minute link when the account exists', async () => {
    const user = await createUser('ada@example.com', { name: 'Ada' })
    const now = new Date('2026-11-22T10:00:00.000Z')
    expect(await requestPasswordReset({ email: ' ADA@example.com ' }, ctx(), { now })).toBeUndefined()
    const token = lastToken()
    const row = await database.db.authToken.findFirstOrThrow({ where: { userId: user.id, purpose: 'PASSWORD_RESET' } })
    expect(row.expiresAt).toEqual(new Date(now.getTime() + 30 * 60_000))
    expect(database.jobs.sent).toHaveLength(1)
    expect(database.jobs.sent[0]).toMatchObject({
      name: 'notifications/email.requested',
      data: {
        template: 'password-reset',
        to: 'ada@example.com',
        userId: user.id,
        dedupeKey: `password-reset:${row.id}`,
        data: { url: `${getEnv().appUrl}/reset-password?token=${token}`, name: 'Ada', expiresInMinutes: 30 },
      },
    })
  })

  it('resolves the same way for an unknown address or a disabled account, sending nothing', async () => {
    await createUser('disabled@example.com', { disabledAt: new Date() })
    expect(await requestPasswordReset({ email: 'nobody@example.com' }, ctx())).toBeUndefined()
    expect(await requestPasswordReset({ email: 'disabled@example.com' }, ctx())).toBeUndefined()
    expect(database.jobs.sent).toHaveLength(0)
  })

  it('refuses a malformed address with a field error', async () => {
    expect((await expectAppError(requestPasswordReset({ email: 'not an email' }, ctx()))).details.fieldErrors).toHaveProperty('email')
  })

  it('never refuses the owner because others asked for their address; the emails to it are capped (5 per link lifetime)', async () => {
    const user = await createUser('bombed@example.com')
    const t = (minutes: number) => ({ now: new Date(Date.UTC(2026, 10, 22, 10, minutes)) })
    // Twenty requests from twenty addresses, for an account and for an address without one: all answered alike.
    for (const email of ['bombed@example.com', 'ghost@example.com'])
      for (let i = 0; i < 20; i++) expect(await requestPasswordReset({ email }, ctx(), t(i))).toBeUndefined()
    expect(database.jobs.sent).toHaveLength(5)
    // The owner, from their own address: answered the same, and the mailbox holds a link that still works.
    expect(await requestPasswordReset({ email: 'bombed@example.com' }, ctx(), t(21))).toBeUndefined()
    expect(database.jobs.sent).toHaveLength(5)
    const live = await database.db.authToken.count({
      where: { userId: user.id, purpose: 'PASSWORD_RESET', usedAt: null, expiresAt: { gt: t(21).now } },
    })
    expect(live).toBe(5)
    // Once the window is over, a request mails a new link again.
    await requestPasswordReset({ email: 'bombed@example.com' }, ctx(), t(31))
    expect(database.jobs.sent).toHaveLength(6)
  })

  it('limits one client asking for one address again and again (5 an hour)', async () => {
    const c = ctx()
    for (let i = 0; i < 5; i++) await requestPasswordReset({ email: 'asked@example.com' }, c)
    const error = await expectAppError(requestPasswordReset({ email: 'asked@example.com' }, c))
    expect(error.code).toBe('RATE_LIMITED')
    expect(error.details.retryAfterSeconds).toBeGreaterThan(3500)
  })

  it('limits requests per IP (10 an hour)', async () => {
    const c = ctx()
    for (let i = 0; i < 10; i++) await requestPasswordReset({ email: `ip${i}@example.com` }, c)
    expect((await expectAppError(requestPasswordReset({ email: 'ip10@example.com' }, c))).code).toBe('RATE_LIMITED')
  })
})

describe('resetPassword', () => {
  it('sets the new password, ends every session, uses the link up and audits', async () => {
    const user = await createUser('grace@example.com')
    const sessions = [await createSession({ userId: user.id }), await createSession({ userId: user.id })]
    await requestPasswordReset({ email: 'grace@example.com' }, ctx())
    const token = lastToken()

    const c = ctx()
    expect(await resetPassword({ token, password: NEW_PASSWORD }, c)).toEqual({ userId: user.id })
    for (const session of sessions) expect(await getSession(session.sessionToken)).toBeNull()
    expect(await database.db.session.count({ where: { userId: user.id } })).toBe(0)
    expect(await verifyCredentials({ email: 'grace@example.com', password: OLD_PASSWORD }, ctx())).toBeNull()
    expect(await verifyCredentials({ email: 'grace@example.com', password: NEW_PASSWORD }, ctx())).toMatchObject({ id: user.id })
    // The link reached the inbox: the address counts as verified, and the address it was used from is known to sign-in
    // (its per-account ceiling, which others could have spent, no longer applies there).
    expect((await database.db.user.findUniqueOrThrow({ where: { id: user.id } })).emailVerifiedAt).toBeInstanceOf(Date)
    expect(await isKnownAddress('sign-in', { ip: c.ip, account: 'grace@example.com' })).toBe(true)

    const audit = await database.db.auditLog.findFirstOrThrow({ where: { action: 'auth.password.reset', targetId: user.id } })
    expect(audit).toMatchObject({
      actorUserId: user.id,
      ip: c.ip,
      requestId: c.requestId,
      after: { email: 'grace@example.com', sessionsEnded: 2 },
    })

    // Single use.
    const again = await expectAppError(resetPassword({ token, password: 'Yet-Another-Password-3' }, ctx()))
    expect(again).toMatchObject({ code: 'VALIDATION', details: { fieldErrors: { token: [INVALID_RESET_LINK] } } })
    expect(await verifyCredentials({ email: 'grace@example.com', password: NEW_PASSWORD }, ctx())).not.toBeNull()
  })

  it('retires the other outstanding reset links once one is used', async () => {
    await createUser('twice@example.com')
    await requestPasswordReset({ email: 'twice@example.com' }, ctx())
    const first = lastToken()
    await requestPasswordReset({ email: 'twice@example.com' }, ctx())
    const second = lastToken()
    await resetPassword({ token: second, password: NEW_PASSWORD }, ctx())
    expect(
      (await expectAppError(resetPassword({ token: first, password: 'Yet-Another-Password-3' }, ctx()))).details.fieldErrors,
    ).toHaveProperty('token')
  })

  it('refuses an expired link (after 30 minutes)', async () => {
    await createUser('late@example.com')
    const issued = new Date('2026-11-22T10:00:00.000Z')
    await requestPasswordReset({ email: 'late@example.com' }, ctx(), { now: issued })
    const token = lastToken()
    const error = await expectAppError(
      resetPassword({ token, password: NEW_PASSWORD }, ctx(), { now: new Date(issued.getTime() + 30 * 60_000 + 1) }),
    )
    expect(error.details.fieldErrors).toEqual({ token: [INVALID_RESET_LINK] })
    expect(await verifyCredentials({ email: 'late@example.com', password: OLD_PASSWORD }, ctx())).not.toBeNull()
  })

  it('refuses an expired link whose expiry was set in the database', async () => {
    const user = await createUser('expired-in-db@example.com')
    await requestPasswordReset({ email: 'expired-in-db@example.com' }, ctx())
    const token = lastToken()
    await database.db.authToken.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1000) } })
    expect((await expectAppError(resetPassword({ token, password: NEW_PASSWORD }, ctx()))).details.fieldErrors).toHaveProperty('token')
  })

  it('applies the password policy and leaves the link usable when the password is refused', async () => {
    await createUser('policy@example.com')
    await requestPasswordReset({ email: 'policy@example.com' }, ctx())
    const token = lastToken()
    expect((await expectAppError(resetPassword({ token, password: 'Zq9!w3e' }, ctx()))).details.fieldErrors).toEqual({
      password: [PASSWORD_MESSAGES.tooShort],
    })
    expect((await expectAppError(resetPassword({ token, password: 'qwerty123456' }, ctx()))).details.fieldErrors).toEqual({
      password: [PASSWORD_MESSAGES.common],
    })
    expect((await expectAppError(resetPassword({ token, password: 'Policy@Example.com' }, ctx()))).details.fieldErrors).toEqual({
      password: [PASSWORD_MESSAGES.isEmail],
    })
    await resetPassword({ token, password: NEW_PASSWORD }, ctx())
  })

  it('lets exactly one of two concurrent resets with one link win', async () => {
    const user = await createUser('race@example.com')
    await requestPasswordReset({ email: 'race@example.com' }, ctx())
    const token = lastToken()
    const results = await Promise.allSettled([
      resetPassword({ token, password: 'Racer-One-Password-1' }, ctx()),
      resetPassword({ token, password: 'Racer-Two-Password-2' }, ctx()),
    ])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    const loser = results.find((r) => r.status === 'rejected') as PromiseRejectedResult
    expect((loser.reason as AppError).details.fieldErrors).toHaveProperty('token')
    expect(await database.db.auditLog.count({ where: { action: 'auth.password.reset', targetId: user.id } })).toBe(1)
  })

  it('refuses made-up tokens', async () => {
    for (const token of ['', 'abc', 'A'.repeat(43)]) {
      expect((await expectAppError(resetPassword({ token, password: NEW_PASSWORD }, ctx()))).details.fieldErrors).toHaveProperty('token')
    }
  })
})
