import { beforeAll, describe, expect, it } from 'vitest'
import { AppError } from '../errors/app-error'
import { useTestDatabase } from '../testing/use-test-database'
import { hashPassword } from './password'
import { verifyCredentials } from './verify-credentials'

const database = useTestDatabase()
let counter = 0
const ctx = () => ({ ip: `203.0.113.${++counter}`, userAgent: 'vitest', requestId: `req-${counter}` })
const PASSWORD = 'Tenancy-Test-Password-42'
let hash: string

async function createUser(email: string, data: { passwordHash?: string | null; disabledAt?: Date; isSuperAdmin?: boolean } = {}) {
  return database.db.user.create({ data: { email, name: 'Test User', passwordHash: hash, ...data } })
}

beforeAll(async () => {
  hash = await hashPassword(PASSWORD)
})

describe('verifyCredentials', () => {
  it('returns the user for the right password, whatever the case and spacing of the email, and audits it', async () => {
    const user = await createUser('ada@example.com', { isSuperAdmin: true })
    const c = ctx()
    const result = await verifyCredentials({ email: '  ADA@Example.com ', password: PASSWORD }, c)
    expect(result).toEqual({ id: user.id, email: 'ada@example.com', name: 'Test User', isSuperAdmin: true, emailVerifiedAt: null })
    const audit = await database.db.auditLog.findFirstOrThrow({ where: { action: 'auth.sign_in.succeeded', targetId: user.id } })
    expect(audit).toMatchObject({ actorType: 'SUPER_ADMIN', actorUserId: user.id, ip: c.ip, userAgent: 'vitest', requestId: c.requestId })
  })

  it('returns null for a wrong password and audits the email tried, never the password', async () => {
    const user = await createUser('grace@example.com')
    const c = ctx()
    expect(await verifyCredentials({ email: 'grace@example.com', password: 'Wrong-Password-99' }, c)).toBeNull()
    const audit = await database.db.auditLog.findFirstOrThrow({ where: { action: 'auth.sign_in.failed', requestId: c.requestId } })
    expect(audit).toMatchObject({
      actorUserId: null,
      targetType: 'User',
      targetId: user.id,
      reason: 'wrong_password',
      ip: c.ip,
      userAgent: 'vitest',
    })
    expect(audit.after).toEqual({ email: 'grace@example.com' })
    expect(JSON.stringify(audit, (_key, value: unknown) => (typeof value === 'bigint' ? String(value) : value))).not.toContain(
      'Wrong-Password-99',
    )
  })

  it('returns null for an unknown email, after spending a password hash all the same', async () => {
    await createUser('timing@example.com')
    const time = async (email: string) => {
      const started = performance.now()
      expect(await verifyCredentials({ email, password: 'Wrong-Password-99' }, ctx())).toBeNull()
      return performance.now() - started
    }
    const known: number[] = []
    const unknown: number[] = []
    for (let i = 0; i < 7; i++) {
      // Interleaved, so both see the same load on the machine.
      known.push(await time('timing@example.com'))
      unknown.push(await time('nobody@example.com'))
    }
    const median = (values: number[]) => values.sort((a, b) => a - b)[3]!
    // Both are dominated by one argon2 verification; without the dummy the unknown path would be
    // a lookup and an insert, a small fraction of it.
    expect(median(unknown)).toBeGreaterThan(median(known) * 0.4)
    const audit = await database.db.auditLog.findFirstOrThrow({
      where: { action: 'auth.sign_in.failed', reason: 'unknown_account' },
      orderBy: { id: 'desc' },
    })
    expect(audit).toMatchObject({ targetId: null, after: { email: 'nobody@example.com' } })
  })

  it('returns null for an account without a password (OAuth only) and for a disabled account', async () => {
    await createUser('oauth@example.com', { passwordHash: null })
    expect(await verifyCredentials({ email: 'oauth@example.com', password: PASSWORD }, ctx())).toBeNull()
    await createUser('disabled@example.com', { disabledAt: new Date() })
    const c = ctx()
    expect(await verifyCredentials({ email: 'disabled@example.com', password: PASSWORD }, c)).toBeNull()
    expect(await database.db.auditLog.findFirstOrThrow({ where: { action: 'auth.sign_in.failed', requestId: c.requestId } })).toMatchObject(
      { reason: 'disabled' },
    )
  })

  it('returns null for malformed input without throwing', async () => {
    expect(await verifyCredentials({ email: '', password: PASSWORD }, ctx())).toBeNull()
    expect(await verifyCredentials({ email: 'ada@example.com', password: '' }, ctx())).toBeNull()
    expect(await verifyCredentials({ email: 'ada@example.com', password: 'x'.repeat(100_000) }, ctx())).toBeNull()
    expect(await verifyCredentials({ email: 42, password: null } as never, ctx())).toBeNull()
  })

  it('refuses the 6th failed sign-in on one account from one IP (retryAfterSeconds); the owner signs in from another IP', async () => {
    const user = await createUser('victim@example.com')
    const attacker = ctx()
    for (let i = 0; i < 5; i++)
      expect(await verifyCredentials({ email: 'victim@example.com', password: `Guess-${i}-password` }, attacker)).toBeNull()

    const error = await verifyCredentials({ email: 'victim@example.com', password: PASSWORD }, attacker).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(AppError)
    expect(error).toMatchObject({ code: 'RATE_LIMITED', status: 429 })
    expect((error as AppError).details.retryAfterSeconds).toBeGreaterThan(800)
    expect((error as AppError).details.retryAfterSeconds).toBeLessThanOrEqual(900)
    // Refused before the password was checked: even the right one does not get through from there.
    await expect(verifyCredentials({ email: 'victim@example.com', password: PASSWORD }, attacker)).rejects.toMatchObject({
      code: 'RATE_LIMITED',
    })
    expect(await database.db.auditLog.count({ where: { action: 'auth.sign_in.failed', reason: 'rate_limited', ip: attacker.ip } })).toBe(1)

    // No lockout: the owner, elsewhere, signs in.
    expect(await verifyCredentials({ email: 'victim@example.com', password: PASSWORD }, ctx())).toMatchObject({ id: user.id })
  })

  it('clears the (account, IP) counter on success: typos before a success do not add up', async () => {
    await createUser('typo@example.com')
    const c = ctx()
    for (let round = 0; round < 3; round++) {
      for (let i = 0; i < 4; i++) expect(await verifyCredentials({ email: 'typo@example.com', password: 'Typo-Password-1' }, c)).toBeNull()
      expect(await verifyCredentials({ email: 'typo@example.com', password: PASSWORD }, c)).not.toBeNull()
    }
  })

  it('lets no more than 5 parallel guesses through for one account and IP', async () => {
    await createUser('parallel@example.com')
    const c = ctx()
    const results = await Promise.allSettled(
      Array.from({ length: 12 }, (_, i) => verifyCredentials({ email: 'parallel@example.com', password: `Guess-${i}-password` }, c)),
    )
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5)
    expect(results.filter((r) => r.status === 'rejected').every((r) => (r.reason as AppError).code === 'RATE_LIMITED')).toBe(true)
  })
})
