import { describe, expect, it, vi } from 'vitest'
import { getEnv } from '../env'
import { AppError } from '../errors/app-error'
import { configureJobs } from '../jobs/jobs'
import { expectAppError } from '../testing/expect-app-error'
import { useTestDatabase } from '../testing/use-test-database'
import { clientContexts } from './testing/fixtures'
import { verifyPassword } from './password'
import { PASSWORD_MESSAGES } from './password-policy'
import { EMAIL_TAKEN_MESSAGE, signUp } from './sign-up'

const database = useTestDatabase()
const ctx = clientContexts()
const PASSWORD = 'Tenancy-Test-Password-42'

describe('signUp', () => {
  it('creates the user with a lower-cased email and an argon2id hash, audits it and mails the verification link', async () => {
    const c = ctx()
    const { userId } = await signUp({ email: '  Ada.Lovelace@Example.COM ', password: PASSWORD, name: '  Ada Lovelace ' }, c)
    const user = await database.db.user.findUniqueOrThrow({ where: { id: userId } })
    expect(user).toMatchObject({ email: 'ada.lovelace@example.com', name: 'Ada Lovelace', emailVerifiedAt: null, isSuperAdmin: false })
    expect(user.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
    expect(await verifyPassword(user.passwordHash!, PASSWORD)).toBe(true)

    const audit = await database.db.auditLog.findFirstOrThrow({ where: { action: 'auth.sign_up', targetId: userId } })
    expect(audit).toMatchObject({ actorType: 'USER', actorUserId: userId, ip: c.ip, userAgent: 'vitest', requestId: c.requestId })
    expect(JSON.stringify(audit.after)).not.toContain(PASSWORD)

    expect(database.jobs.sent).toHaveLength(1)
    const event = database.jobs.sent[0]!
    expect(event.name).toBe('notifications/email.requested')
    const data = event.data as {
      template: string
      to: string
      data: { url: string; name?: string; expiresInHours?: number }
      dedupeKey: string
      userId: string
    }
    expect(data).toMatchObject({
      template: 'verify-email',
      to: 'ada.lovelace@example.com',
      userId,
      data: { name: 'Ada Lovelace', expiresInHours: 24 },
    })
    expect(data.data.url).toMatch(new RegExp(`^${getEnv().appUrl}/verify\\?token=[A-Za-z0-9_-]{43}$`))
    const token = await database.db.authToken.findFirstOrThrow({ where: { userId } })
    expect(data.dedupeKey).toBe(`verify-email:${token.id}`)
    expect(token.purpose).toBe('VERIFY_EMAIL')
    expect(token.tokenHash).not.toBe(new URL(data.data.url).searchParams.get('token'))
  })

  it('accepts a 64-character passphrase and no name', async () => {
    const { userId } = await signUp(
      { email: 'long@example.com', password: 'correct horse battery staple on a windy tuesday afternoon, again' },
      ctx(),
    )
    expect((await database.db.user.findUniqueOrThrow({ where: { id: userId } })).name).toBeNull()
  })

  const overlong = `${'a'.repeat(60)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.com`
  const malformed: [string, Record<string, unknown>, string][] = [
    ['email missing', { password: PASSWORD }, 'email'],
    ['email empty', { email: '', password: PASSWORD }, 'email'],
    ['email only spaces', { email: '   ', password: PASSWORD }, 'email'],
    ['email without @', { email: 'ada.example.com', password: PASSWORD }, 'email'],
    ['email with two @', { email: 'ada@@example.com', password: PASSWORD }, 'email'],
    ['email with a space inside', { email: 'ada lovelace@example.com', password: PASSWORD }, 'email'],
    ['email with a tab', { email: 'ada\t@example.com', password: PASSWORD }, 'email'],
    ['email with unicode local part', { email: 'adä@example.com', password: PASSWORD }, 'email'],
    ['email with unicode domain', { email: 'ada@exämple.com', password: PASSWORD }, 'email'],
    ['email with a homoglyph', { email: 'аda@example.com', password: PASSWORD }, 'email'], // Cyrillic а
    ['email overlong (255)', { email: overlong, password: PASSWORD }, 'email'],
    ['email local part of 65', { email: `${'a'.repeat(65)}@example.com`, password: PASSWORD }, 'email'],
    ['email without a domain', { email: 'ada@', password: PASSWORD }, 'email'],
    ['email without a local part', { email: '@example.com', password: PASSWORD }, 'email'],
    ['email without a TLD', { email: 'ada@localhost', password: PASSWORD }, 'email'],
    ['email with HTML', { email: '<script>alert(1)</script>@example.com', password: PASSWORD }, 'email'],
    ['email with an SQL fragment', { email: 'ada\'; DROP TABLE "User"; --@example.com', password: PASSWORD }, 'email'],
    ['email with a quoted local part', { email: '"ada lovelace"@example.com', password: PASSWORD }, 'email'],
    ['email with a newline (header injection)', { email: 'ada@example.com\nBcc: all@example.com', password: PASSWORD }, 'email'],
    ['email as a number', { email: 42, password: PASSWORD }, 'email'],
    ['email as an array', { email: ['ada@example.com'], password: PASSWORD }, 'email'],
    ['password missing', { email: 'p1@example.com' }, 'password'],
    ['password empty', { email: 'p2@example.com', password: '' }, 'password'],
    ['password of 7 characters', { email: 'p3@example.com', password: 'Zq9!w3e' }, 'password'],
    ['password of 129 characters', { email: 'p4@example.com', password: 'Zq9!w3e%'.repeat(16) + 'x' }, 'password'],
    ['password of 10,000 characters', { email: 'p5@example.com', password: 'x'.repeat(10_000) }, 'password'],
    ['common password', { email: 'p6@example.com', password: 'password' }, 'password'],
    ['common password in capitals', { email: 'p7@example.com', password: 'QWERTYUIOP' }, 'password'],
    ['password equal to the email', { email: 'p8.someone@example.com', password: 'P8.Someone@example.com' }, 'password'],
    ['password equal to the local part', { email: 'averylonglocalpart@example.com', password: 'AVeryLongLocalPart' }, 'password'],
    ['password as a number', { email: 'p9@example.com', password: 12345678 }, 'password'],
    ['name with a newline', { email: 'n1@example.com', password: PASSWORD, name: 'Ada\nLovelace' }, 'name'],
    ['name with a carriage return', { email: 'n2@example.com', password: PASSWORD, name: 'Ada\rBcc: x' }, 'name'],
    ['name with a tab', { email: 'n3@example.com', password: PASSWORD, name: 'Ada\tLovelace' }, 'name'],
    ['name with NUL', { email: 'n4@example.com', password: PASSWORD, name: 'Ada\u0000' }, 'name'],
    ['name with an escape sequence', { email: 'n5@example.com', password: PASSWORD, name: '\u001b[31mAda' }, 'name'],
    ['name with a right-to-left override', { email: 'n6@example.com', password: PASSWORD, name: 'Ada\u202Egnp.exe' }, 'name'],
    ['name of 101 characters', { email: 'n7@example.com', password: PASSWORD, name: 'a'.repeat(101) }, 'name'],
    ['name as an object', { email: 'n8@example.com', password: PASSWORD, name: { first: 'Ada' } }, 'name'],
  ]

  it(`has at least 30 malformed inputs (${malformed.length})`, () => {
    expect(malformed.length).toBeGreaterThanOrEqual(30)
  })

  it.each(malformed)('refuses %s with a field error and creates no user', async (_what, input, field) => {
    const before = await database.db.user.count()
    const error = await expectAppError(signUp(input as never, ctx()))
    expect(error.code).toBe('VALIDATION')
    expect(error.details.fieldErrors?.[field]?.length, JSON.stringify(error.details.fieldErrors)).toBeGreaterThan(0)
    expect(await database.db.user.count()).toBe(before)
    expect(database.jobs.sent).toHaveLength(0)
  })

  it('says which rule a password breaks', async () => {
    expect((await expectAppError(signUp({ email: 'm1@example.com', password: 'short' }, ctx()))).details.fieldErrors).toEqual({
      password: [PASSWORD_MESSAGES.tooShort],
    })
    expect((await expectAppError(signUp({ email: 'm2@example.com', password: 'qazwsxedcrfv' }, ctx()))).details.fieldErrors).toEqual({
      password: [PASSWORD_MESSAGES.common],
    })
    expect(
      (await expectAppError(signUp({ email: 'mary.jones.smith@example.com', password: 'Mary.Jones.Smith' }, ctx()))).details.fieldErrors,
    ).toEqual({
      password: [PASSWORD_MESSAGES.isEmail],
    })
  })

  it('refuses an email that already has an account, whatever its case, with a clear message', async () => {
    await signUp({ email: 'grace@example.com', password: PASSWORD }, ctx())
    database.jobs.sent.length = 0
    const error = await expectAppError(signUp({ email: ' GRACE@example.com', password: 'Another-Password-77' }, ctx()))
    expect(error.code).toBe('VALIDATION')
    expect(error.details.fieldErrors).toEqual({ email: [EMAIL_TAKEN_MESSAGE] })
    expect(EMAIL_TAKEN_MESSAGE).toBe('An account with this email already exists. Sign in or reset your password.')
    expect(await database.db.user.count({ where: { email: 'grace@example.com' } })).toBe(1)
    expect(database.jobs.sent).toHaveLength(0)
  })

  it('lets exactly one of two racing sign-ups with the same email win', async () => {
    const results = await Promise.allSettled([
      signUp({ email: 'race@example.com', password: PASSWORD }, ctx()),
      signUp({ email: 'race@example.com', password: PASSWORD }, ctx()),
      signUp({ email: 'RACE@example.com', password: PASSWORD }, ctx()),
    ])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    for (const r of results.filter((r) => r.status === 'rejected')) {
      expect(r.reason).toBeInstanceOf(AppError)
      expect((r.reason as AppError).details.fieldErrors).toEqual({ email: [EMAIL_TAKEN_MESSAGE] })
    }
    expect(await database.db.user.count({ where: { email: 'race@example.com' } })).toBe(1)
  })

  it('limits sign-ups per IP: the 11th in an hour is refused with retryAfterSeconds', async () => {
    const c = ctx()
    for (let i = 0; i < 10; i++) await signUp({ email: `bulk${i}@example.com`, password: PASSWORD }, c)
    const error = await expectAppError(signUp({ email: 'bulk10@example.com', password: PASSWORD }, c))
    expect(error.code).toBe('RATE_LIMITED')
    expect(error.details.retryAfterSeconds).toBeGreaterThan(3500)
    expect(await database.db.user.findUnique({ where: { email: 'bulk10@example.com' } })).toBeNull()
    await signUp({ email: 'bulk10@example.com', password: PASSWORD }, ctx()) // another network
  })

  it('keeps the account when the verification email cannot be queued', async () => {
    configureJobs({
      send: async () => {
        throw new Error('queue down')
      },
    })
    const stdout = vi.spyOn(process.stdout, 'write').mockImplementation(() => true)
    try {
      const { userId } = await signUp({ email: 'queue-down@example.com', password: PASSWORD }, ctx())
      expect(await database.db.user.findUnique({ where: { id: userId } })).not.toBeNull()
      expect(stdout.mock.calls.map(([line]) => String(line)).join('')).toContain('verification email not queued after sign-up')
    } finally {
      stdout.mockRestore() // the harness plugs the recorder back in before the next test
    }
  })
})
