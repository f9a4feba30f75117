import { describe, expect, it } from 'vitest'
import { getEnv } from '../env'
import { expectAppError } from '../testing/expect-app-error'
import { useTestDatabase } from '../testing/use-test-database'
import { clientContexts } from './testing/fixtures'
import { INVALID_VERIFICATION_LINK, sendVerificationEmail, verifyEmail } from './email-verification'
import { hashToken } from './tokens'

const database = useTestDatabase()
const ctx = clientContexts()

async function createUser(email: string, data: { emailVerifiedAt?: Date; name?: string } = {}) {
  return database.db.user.create({ data: { email, ...data } })
}

/** The token in the link of the last verification email sent. */
function lastToken(): string {
  const event = database.jobs.sent.at(-1)
  if (!event) throw new Error('no email sent')
  const url = new URL((event.data as { data: { url: string } }).data.url)
  return url.searchParams.get('token')!
}

describe('sendVerificationEmail', () => {
  it('stores only the hash of a 24-hour token and queues the verify-email template with the link', async () => {
    const user = await createUser('ada@example.com', { name: 'Ada' })
    const now = new Date('2026-11-22T10:00:00.000Z')
    expect(await sendVerificationEmail(user.id, ctx(), { now })).toEqual({ sent: true })
    const token = lastToken()
    const row = await database.db.authToken.findFirstOrThrow({ where: { userId: user.id } })
    expect(row).toMatchObject({
      purpose: 'VERIFY_EMAIL',
      tokenHash: hashToken(token),
      usedAt: null,
      expiresAt: new Date(now.getTime() + 24 * 3_600_000),
    })
    expect(database.jobs.sent[0]).toMatchObject({
      name: 'notifications/email.requested',
      data: {
        template: 'verify-email',
        to: 'ada@example.com',
        userId: user.id,
        dedupeKey: `verify-email:${row.id}`,
        data: { url: `${getEnv().appUrl}/verify?token=${token}`, name: 'Ada', expiresInHours: 24 },
      },
    })
  })

  it('sends nothing for a verified address; NOT_FOUND for an unknown user', async () => {
    const user = await createUser('verified@example.com', { emailVerifiedAt: new Date() })
    expect(await sendVerificationEmail(user.id, ctx())).toEqual({ sent: false })
    expect(database.jobs.sent).toHaveLength(0)
    expect((await expectAppError(sendVerificationEmail('no-such-user', ctx()))).code).toBe('NOT_FOUND')
  })

  it('limits resends per user (5 an hour), from any IP', async () => {
    const user = await createUser('resend@example.com')
    for (let i = 0; i < 5; i++) await sendVerificationEmail(user.id, ctx())
    const error = await expectAppError(sendVerificationEmail(user.id, ctx()))
    expect(error.code).toBe('RATE_LIMITED')
    expect(error.details.retryAfterSeconds).toBeGreaterThan(0)
    expect(database.jobs.sent).toHaveLength(5)
  })
})

describe('verifyEmail', () => {
  it('marks the address verified, uses the token up, retires the other links and audits', async () => {
    const user = await createUser('grace@example.com')
    await sendVerificationEmail(user.id, ctx())
    const older = lastToken()
    await sendVerificationEmail(user.id, ctx())
    const newer = lastToken()
    const c = ctx()
    expect(await verifyEmail(newer, c)).toEqual({ userId: user.id, email: 'grace@example.com' })
    expect((await database.db.user.findUniqueOrThrow({ where: { id: user.id } })).emailVerifiedAt).toBeInstanceOf(Date)
    expect(await database.db.authToken.count({ where: { userId: user.id, usedAt: null } })).toBe(0)
    expect(await database.db.auditLog.findFirstOrThrow({ where: { action: 'auth.email.verified', targetId: user.id } })).toMatchObject({
      actorUserId: user.id,
      ip: c.ip,
      requestId: c.requestId,
    })

    // Single use: the same link again, or an older one, fails with a field error on the token.
    const again = await expectAppError(verifyEmail(newer, ctx()))
    expect(again).toMatchObject({ code: 'VALIDATION', details: { fieldErrors: { token: [INVALID_VERIFICATION_LINK] } } })
    expect((await expectAppError(verifyEmail(older, ctx()))).code).toBe('VALIDATION')
  })

  it('lets exactly one of two concurrent uses of a link succeed', async () => {
    const user = await createUser('race@example.com')
    await sendVerificationEmail(user.id, ctx())
    const token = lastToken()
    const results = await Promise.allSettled([verifyEmail(token, ctx()), verifyEmail(token, ctx()), verifyEmail(token, ctx())])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    expect(await database.db.auditLog.count({ where: { action: 'auth.email.verified', targetId: user.id } })).toBe(1)
  })

  it('refuses an expired link', async () => {
    const user = await createUser('late@example.com')
    const issued = new Date('2026-11-22T10:00:00.000Z')
    await sendVerificationEmail(user.id, ctx(), { now: issued })
    const token = lastToken()
    const error = await expectAppError(verifyEmail(token, ctx(), { now: new Date(issued.getTime() + 24 * 3_600_000) }))
    expect(error.details.fieldErrors).toEqual({ token: [INVALID_VERIFICATION_LINK] })
    expect((await database.db.user.findUniqueOrThrow({ where: { id: user.id } })).emailVerifiedAt).toBeNull()
    // A minute before expiry it still works.
    expect(await verifyEmail(token, ctx(), { now: new Date(issued.getTime() + 24 * 3_600_000 - 60_000) })).toMatchObject({
      userId: user.id,
    })
  })

  it('refuses made-up and malformed tokens', async () => {
    for (const token of ['', 'nope', 'x'.repeat(43), "' OR '1'='1"]) {
      expect((await expectAppError(verifyEmail(token, ctx()))).details.fieldErrors).toHaveProperty('token')
    }
  })

  it('limits attempts per IP (30 per 15 minutes)', async () => {
    const c = ctx()
    for (let i = 0; i < 30; i++) await expectAppError(verifyEmail('x'.repeat(43), c))
    expect((await expectAppError(verifyEmail('x'.repeat(43), c))).code).toBe('RATE_LIMITED')
  })
})
