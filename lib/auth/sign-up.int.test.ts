// Sign-up (lib/auth/sign-up.ts and the link's side, pending-sign-up.ts): the same answer, work and
// side effects for an address with an account and one without; the account exists only once the
// link is followed, with the password typed in the browser that signed up (or one its opener
// chooses elsewhere); the limits and the refusals of malformed input.
import { describe, expect, it } from 'vitest'
import { getEnv } from '../env'
import { AppError } from '../errors/app-error'
import { expectAppError } from '../testing/expect-app-error'
import { useTestDatabase } from '../testing/use-test-database'
import { clientContexts, createPasswordAccount } from './testing/fixtures'
import { verifyPassword } from './password'
import { PASSWORD_MESSAGES } from './password-policy'
import { CHOOSE_PASSWORD_MESSAGE, confirmSignUp, INVALID_SIGN_UP_LINK } from './pending-sign-up'
import { signUp, type SignUpOutcome } from './sign-up'

const database = useTestDatabase()
const ctx = clientContexts()
const PASSWORD = 'Tenancy-Test-Password-42'

/** The emails the code under test asked to send. */
const emails = () =>
  database.jobs.sent.map((e) => e.data as { template: string; to: string; userId?: string; data: Record<string, unknown> })
const linkToken = () => new URL(String(emails().at(-1)!.data.url)).searchParams.get('token')!
const browserKeyOf = (outcome: SignUpOutcome) => (outcome.kind === 'email-sent' ? outcome.browserKey : 'none')

describe('signUp', () => {
  it('for a new address: creates nothing yet, mails the link that will, audits the request', async () => {
    const c = ctx()
    const outcome = await signUp({ email: '  Ada.Lovelace@Example.COM ', password: PASSWORD, name: '  Ada Lovelace ' }, c)
    expect(outcome).toMatchObject({
      kind: 'email-sent',
      email: 'ada.lovelace@example.com',
      browserKey: expect.stringMatching(/^[\w-]{43}$/),
    })
    expect(await database.db.user.count()).toBe(0)
    expect(emails()).toEqual([
      {
        template: 'verify-email',
        to: 'ada.lovelace@example.com',
        data: {
          url: expect.stringMatching(new RegExp(`^${getEnv().appUrl}/verify\\?token=[\\w-]{200,}$`)),
          name: 'Ada Lovelace',
          expiresInHours: 24,
        },
        dedupeKey: expect.stringMatching(/^sign-up:/),
      },
    ])
    expect(JSON.stringify(emails())).not.toContain(PASSWORD)
    const audit = await database.db.auditLog.findFirstOrThrow({ where: { action: 'auth.sign_up.requested' } })
    expect(audit).toMatchObject({
      actorUserId: null,
      targetId: null,
      ip: c.ip,
      after: { email: 'ada.lovelace@example.com', hasAccount: false },
    })
  })

  it('for an address with an account: the same answer, and its owner is told someone tried (the account unchanged)', async () => {
    const { userId } = await createPasswordAccount({ email: 'grace@example.com', password: PASSWORD, name: 'Grace', verified: true })
    const before = await database.db.user.findUniqueOrThrow({ where: { id: userId } })
    const outcome = await signUp({ email: ' GRACE@example.com', password: 'Another-Password-77' }, ctx())
    expect(outcome).toMatchObject({ kind: 'email-sent', email: 'grace@example.com', browserKey: expect.stringMatching(/^[\w-]{43}$/) })
    expect(Object.keys(outcome).sort()).toEqual(['browserKey', 'email', 'kind'])
    expect(emails()).toEqual([
      {
        template: 'sign-up-attempted',
        to: 'grace@example.com',
        userId,
        data: { signInUrl: `${getEnv().appUrl}/signin`, resetUrl: `${getEnv().appUrl}/forgot-password`, name: 'Grace' },
        dedupeKey: expect.stringMatching(/^sign-up-attempted:/),
      },
    ])
    expect(await database.db.user.findUniqueOrThrow({ where: { id: userId } })).toEqual(before)
    expect(await database.db.user.count()).toBe(1)
    const audit = await database.db.auditLog.findFirstOrThrow({ where: { action: 'auth.sign_up.requested', targetId: userId } })
    expect(audit).toMatchObject({ actorUserId: null, after: { email: 'grace@example.com', hasAccount: true } })
  })

  it('spends the same time on an address with an account as on a new one (a password is hashed either way)', async () => {
    await createPasswordAccount({ email: 'timed@example.com', password: PASSWORD })
    const time = async (email: string) => {
      const started = performance.now()
      await signUp({ email, password: PASSWORD }, ctx())
      return performance.now() - started
    }
    const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!
    const existing: number[] = []
    const fresh: number[] = []
    for (let i = 0; i < 5; i++) {
      existing.push(await time('timed@example.com'))
      fresh.push(await time(`fresh-${i}@example.com`))
    }
    const ratio = median(existing) / median(fresh)
    expect(ratio, `existing ${median(existing).toFixed(1)} ms, new ${median(fresh).toFixed(1)} ms`).toBeGreaterThan(0.5)
    expect(ratio).toBeLessThan(2)
  })

  it('keeps the link within what an email may carry: the longest name and address, an overlong `next` dropped', async () => {
    const email = `${'a'.repeat(64)}@${'b'.repeat(60)}.${'c'.repeat(60)}.${'d'.repeat(60)}.com`
    const outcome = await signUp({ email, password: PASSWORD, name: '🦊'.repeat(100) }, ctx(), { next: `/${'x'.repeat(3000)}` })
    const url = String(emails().at(-1)!.data.url)
    expect(url.length).toBeLessThanOrEqual(2048)
    expect(await confirmSignUp({ token: linkToken(), browserKey: browserKeyOf(outcome) }, ctx())).toMatchObject({
      email,
      next: '/signup/organization',
    })
  })

  it('caps the emails to one address at 3 an hour, answering the same after', async () => {
    await createPasswordAccount({ email: 'often@example.com', password: PASSWORD })
    for (const email of ['often@example.com', 'often-new@example.com']) {
      const outcomes = []
      for (let i = 0; i < 5; i++) outcomes.push(await signUp({ email, password: PASSWORD }, ctx()))
      expect(new Set(outcomes.map((o) => o.kind))).toEqual(new Set(['email-sent']))
    }
    expect(emails().filter((e) => e.to === 'often@example.com')).toHaveLength(3)
    expect(emails().filter((e) => e.to === 'often-new@example.com')).toHaveLength(3)
  })

  it('limits sign-ups per IP: the 11th in an hour is refused with retryAfterSeconds, for any address', async () => {
    const c = ctx()
    for (let i = 0; i < 10; i++) await signUp({ email: `bulk${i}@example.com`, password: PASSWORD }, c)
    const error = await expectAppError(signUp({ email: 'bulk10@example.com', password: PASSWORD }, c))
    expect(error.code).toBe('RATE_LIMITED')
    expect(error.details.retryAfterSeconds).toBeGreaterThan(3500)
    await signUp({ email: 'bulk10@example.com', password: PASSWORD }, ctx()) // another network
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
    expect((await expectAppError(signUp({ email: 'm1@example.com', password: 'Zq9!w3e' }, ctx()))).details.fieldErrors).toEqual({
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
})

describe('confirmSignUp (following the link)', () => {
  it('in the browser that signed up: the account, verified, with the password typed there; once', async () => {
    const c = ctx()
    const outcome = await signUp({ email: 'lin@example.com', password: PASSWORD, name: 'Lin' }, c, { next: '/invite?token=x' })
    const token = linkToken()
    const account = await confirmSignUp({ token, browserKey: browserKeyOf(outcome) }, ctx())
    expect(account).toMatchObject({ email: 'lin@example.com', next: '/invite?token=x' })
    const user = await database.db.user.findUniqueOrThrow({ where: { id: account.userId } })
    expect(user).toMatchObject({ email: 'lin@example.com', name: 'Lin', isSuperAdmin: false })
    expect(user.emailVerifiedAt).toBeInstanceOf(Date)
    expect(user.passwordHash).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/)
    expect(await verifyPassword(user.passwordHash!, PASSWORD)).toBe(true)
    expect(await database.db.auditLog.count({ where: { action: 'auth.sign_up', targetId: user.id } })).toBe(1)
    // Used once: the address has its account now.
    const again = await expectAppError(confirmSignUp({ token, browserKey: browserKeyOf(outcome) }, ctx()))
    expect(again.details.fieldErrors).toEqual({ token: [INVALID_SIGN_UP_LINK] })
    expect(await database.db.user.count({ where: { email: 'lin@example.com' } })).toBe(1)
  })

  it('in another browser: asks its opener for the password, whatever the form said (the form may have been someone else)', async () => {
    await signUp({ email: 'mo@example.com', password: 'Typed-By-Someone-Else-1' }, ctx())
    const token = linkToken()
    expect((await expectAppError(confirmSignUp({ token }, ctx()))).details.fieldErrors).toEqual({ password: [CHOOSE_PASSWORD_MESSAGE] })
    expect((await expectAppError(confirmSignUp({ token, browserKey: 'k'.repeat(43) }, ctx()))).details.fieldErrors).toHaveProperty(
      'password',
    )
    expect((await expectAppError(confirmSignUp({ token, password: 'qwerty123456' }, ctx()))).details.fieldErrors).toEqual({
      password: [PASSWORD_MESSAGES.common],
    })
    const { userId } = await confirmSignUp({ token, password: 'Chosen-By-The-Owner-2' }, ctx())
    const user = await database.db.user.findUniqueOrThrow({ where: { id: userId } })
    expect(await verifyPassword(user.passwordHash!, 'Chosen-By-The-Owner-2')).toBe(true)
    expect(await verifyPassword(user.passwordHash!, 'Typed-By-Someone-Else-1')).toBe(false)
  })

  it('refuses a forged, altered or expired link', async () => {
    const outcome = await signUp({ email: 'old@example.com', password: PASSWORD }, ctx(), { now: new Date(Date.now() - 25 * 3_600_000) })
    const key = browserKeyOf(outcome)
    const expired = linkToken()
    const altered = expired.slice(0, -2) + (expired.endsWith('AA') ? 'BB' : 'AA')
    for (const token of [expired, altered, 'A'.repeat(300), `${expired}x`])
      expect((await expectAppError(confirmSignUp({ token, browserKey: key }, ctx()))).details.fieldErrors).toEqual({
        token: [INVALID_SIGN_UP_LINK],
      })
    expect(await database.db.user.count({ where: { email: 'old@example.com' } })).toBe(0)
  })

  it('lets exactly one of two racing uses of a link win', async () => {
    const outcome = await signUp({ email: 'race@example.com', password: PASSWORD }, ctx())
    const token = linkToken()
    const results = await Promise.allSettled([0, 1, 2].map(() => confirmSignUp({ token, browserKey: browserKeyOf(outcome) }, ctx())))
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    for (const r of results.filter((r) => r.status === 'rejected')) {
      expect(r.reason).toBeInstanceOf(AppError)
      expect((r.reason as AppError).details.fieldErrors).toEqual({ token: [INVALID_SIGN_UP_LINK] })
    }
    expect(await database.db.user.count({ where: { email: 'race@example.com' } })).toBe(1)
  })
})
