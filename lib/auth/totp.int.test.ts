import { Secret, TOTP } from 'otpauth'
import { describe, expect, it } from 'vitest'
import { expectAppError } from '../testing/expect-app-error'
import { useTestDatabase } from '../testing/use-test-database'
import { beginTotpEnrollment } from './begin-totp-enrollment'
import { confirmTotpEnrollment, INVALID_CODE_MESSAGE } from './confirm-totp-enrollment'
import { decryptTotpSecret, hashRecoveryCode } from './totp'
import { verifySecondFactor } from './verify-second-factor'

const database = useTestDatabase()
let counter = 0
const ctx = () => ({ ip: `100.64.0.${++counter}`, userAgent: 'vitest', requestId: `req-${counter}` })
const t0 = new Date('2026-11-22T10:00:05.000Z')
const at = (seconds: number) => ({ now: new Date(t0.getTime() + seconds * 1000) })

/** The authenticator app: codes from the secret the enrolment showed. */
function app(secretBase32: string) {
  const totp = new TOTP({ secret: Secret.fromBase32(secretBase32), algorithm: 'SHA1', digits: 6, period: 30 })
  return (seconds: number) => totp.generate({ timestamp: t0.getTime() + seconds * 1000 })
}

async function createAdmin(email: string) {
  return database.db.user.create({ data: { email, isSuperAdmin: true, emailVerifiedAt: new Date() } })
}

/** An admin with TOTP enabled; returns the app and the recovery codes. */
async function enrolledAdmin(email: string) {
  const user = await createAdmin(email)
  const { secretBase32 } = await beginTotpEnrollment(user.id)
  const code = app(secretBase32)
  const { recoveryCodes } = await confirmTotpEnrollment(user.id, code(0), ctx(), at(0))
  return { user, code, recoveryCodes }
}

describe('TOTP enrolment', () => {
  it('stores the secret encrypted and inactive, with an otpauth URI and a QR code to scan', async () => {
    const user = await createAdmin('ada@example.com')
    const enrolment = await beginTotpEnrollment(user.id)
    expect(enrolment.secretBase32).toMatch(/^[A-Z2-7]{32}$/)
    expect(enrolment.otpauthUri).toMatch(/^otpauth:\/\/totp\/Tenancy:ada%40example\.com\?/)
    expect(enrolment.otpauthUri).toContain(`secret=${enrolment.secretBase32}`)
    expect(enrolment.qrCodeDataUrl).toMatch(/^data:image\/png;base64,/)

    const row = await database.db.user.findUniqueOrThrow({ where: { id: user.id } })
    expect(row.totpEnabledAt).toBeNull()
    expect(row.totpSecret).not.toContain(enrolment.secretBase32)
    expect(decryptTotpSecret(row.totpSecret!, user.id)).toBe(enrolment.secretBase32)
    // Not a second factor yet.
    expect((await expectAppError(verifySecondFactor(user.id, '123456', ctx()))).code).toBe('PRECONDITION_FAILED')
  })

  it('refuses a wrong code at confirmation, then enables TOTP and returns 10 recovery codes stored as hashes', async () => {
    const user = await createAdmin('grace@example.com')
    const { secretBase32 } = await beginTotpEnrollment(user.id)
    const code = app(secretBase32)

    const wrong = await expectAppError(confirmTotpEnrollment(user.id, code(0) === '000000' ? '111111' : '000000', ctx(), at(0)))
    expect(wrong).toMatchObject({ code: 'VALIDATION', details: { fieldErrors: { code: [INVALID_CODE_MESSAGE] } } })
    expect((await database.db.user.findUniqueOrThrow({ where: { id: user.id } })).totpEnabledAt).toBeNull()

    const c = ctx()
    const { recoveryCodes } = await confirmTotpEnrollment(user.id, code(0), c, at(0))
    expect(recoveryCodes).toHaveLength(10)
    expect(new Set(recoveryCodes).size).toBe(10)
    expect((await database.db.user.findUniqueOrThrow({ where: { id: user.id } })).totpEnabledAt).toEqual(at(0).now)
    const stored = await database.db.recoveryCode.findMany({ where: { userId: user.id } })
    expect(stored.map((r) => r.codeHash).sort()).toEqual(recoveryCodes.map((r) => hashRecoveryCode(r.replaceAll('-', ''))).sort())
    for (const r of recoveryCodes) expect(JSON.stringify(stored)).not.toContain(r)
    expect(await database.db.auditLog.findFirstOrThrow({ where: { action: 'auth.mfa.enrolled', targetId: user.id } })).toMatchObject({
      actorType: 'SUPER_ADMIN',
      actorUserId: user.id,
      ip: c.ip,
    })

    // Enabled: no second enrolment over it.
    expect((await expectAppError(beginTotpEnrollment(user.id))).code).toBe('CONFLICT')
    expect((await expectAppError(confirmTotpEnrollment(user.id, code(30), ctx(), at(30)))).code).toBe('CONFLICT')
  })

  it('cannot be confirmed before it is begun', async () => {
    const user = await createAdmin('early@example.com')
    expect((await expectAppError(confirmTotpEnrollment(user.id, '123456', ctx()))).code).toBe('PRECONDITION_FAILED')
  })
})

describe('verifySecondFactor', () => {
  it('accepts the current code, and the codes one step either side', async () => {
    const { user, code } = await enrolledAdmin('linus@example.com')
    const c = ctx()
    expect(await verifySecondFactor(user.id, code(60), c, at(60))).toBe(true)
    expect(await verifySecondFactor(user.id, code(120), ctx(), at(95))).toBe(true) // the next step, clock drift
    expect(await database.db.auditLog.findFirstOrThrow({ where: { action: 'auth.mfa.verified', targetId: user.id } })).toMatchObject({
      after: { method: 'totp' },
      ip: c.ip,
      actorType: 'SUPER_ADMIN',
    })
  })

  it('refuses a wrong code, an old code, and a code already used', async () => {
    const { user, code } = await enrolledAdmin('margaret@example.com')
    const c = ctx()
    const current = code(300)
    expect(await verifySecondFactor(user.id, current === '000000' ? '000001' : '000000', c, at(300))).toBe(false)
    expect(await verifySecondFactor(user.id, code(200), c, at(300))).toBe(false) // 100 s old
    expect(await verifySecondFactor(user.id, 'not a code', c, at(300))).toBe(false)
    expect(await verifySecondFactor(user.id, current, c, at(300))).toBe(true)
    expect(await verifySecondFactor(user.id, current, c, at(301))).toBe(false) // replayed
    const reasons = (
      await database.db.auditLog.findMany({ where: { action: 'auth.mfa.failed', targetId: user.id }, orderBy: { id: 'asc' } })
    ).map((a) => a.reason)
    expect(reasons).toEqual(['wrong_code', 'wrong_code', 'malformed_code', 'replayed_code'])
  })

  it('accepts each recovery code once, however it is typed', async () => {
    const { user, recoveryCodes } = await enrolledAdmin('barbara@example.com')
    const [first, second] = recoveryCodes as [string, string]
    expect(await verifySecondFactor(user.id, first, ctx())).toBe(true)
    expect(await verifySecondFactor(user.id, first, ctx())).toBe(false)
    expect(await verifySecondFactor(user.id, ` ${second.toUpperCase().replaceAll('-', ' ')} `, ctx())).toBe(true)
    expect(await database.db.recoveryCode.count({ where: { userId: user.id, usedAt: null } })).toBe(8)
    const audit = await database.db.auditLog.findFirstOrThrow({
      where: { action: 'auth.mfa.verified', targetId: user.id },
      orderBy: { id: 'desc' },
    })
    expect(audit.after).toEqual({ method: 'recovery_code', recoveryCodesLeft: 8 })
    expect(await verifySecondFactor(user.id, 'abcd-efgh-jkmn-pqrs', ctx())).toBe(false)
  })

  it('does not accept another user’s recovery code', async () => {
    const a = await enrolledAdmin('a@example.com')
    const b = await enrolledAdmin('b@example.com')
    expect(await verifySecondFactor(b.user.id, a.recoveryCodes[0]!, ctx())).toBe(false)
  })

  it('counts wrong codes: the 6th from one IP is refused, and 20 an hour per user from addresses that never passed it', async () => {
    const { user, code, recoveryCodes } = await enrolledAdmin('guessed@example.com')
    const wrong = (s: number) => (code(s) === '999999' ? '999998' : '999999')
    const attacker = ctx()
    for (let i = 0; i < 5; i++) expect(await verifySecondFactor(user.id, wrong(600), attacker, at(600))).toBe(false)
    const refused = await expectAppError(verifySecondFactor(user.id, code(600), attacker, at(600)))
    expect(refused.code).toBe('RATE_LIMITED')
    expect(refused.details.retryAfterSeconds).toBeGreaterThan(800)

    // The owner, from an address of their own, gets through (and that address is now known).
    const owner = ctx()
    expect(await verifySecondFactor(user.id, code(630), owner, at(630))).toBe(true)
    // Other addresses, until 20 wrong codes an hour from addresses that never passed.
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 5; j++) expect(await verifySecondFactor(user.id, wrong(640), ctx(), at(640))).toBe(false)
    const ceiling = await expectAppError(verifySecondFactor(user.id, code(660), ctx(), at(660)))
    expect(ceiling.code).toBe('RATE_LIMITED')
    expect(ceiling.message).toContain('A recovery code still works from here.')
    // Neither the owner's known address nor a recovery code from a new one is stopped by that ceiling.
    expect(await verifySecondFactor(user.id, code(1600), owner, at(1600))).toBe(true)
    const travelling = ctx()
    expect(await verifySecondFactor(user.id, recoveryCodes[0]!, travelling, at(1610))).toBe(true)
    expect(await verifySecondFactor(user.id, code(1640), travelling, at(1640))).toBe(true) // that address is known now
    // After the hour, the right code works again from anywhere.
    expect(await verifySecondFactor(user.id, code(4300), ctx(), at(4300))).toBe(true)
  })
})
