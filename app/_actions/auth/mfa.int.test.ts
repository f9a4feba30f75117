// The /mfa page's actions: a super-admin turns TOTP on with a code from the app (recovery codes
// once, this session verified) and verifies a later session with a code; anyone else — a tenant
// user, a visitor — gets NOT_FOUND before the code is read, and nothing changes.
import { beforeAll, describe, expect, it } from 'vitest'
import { useTestDatabase } from '@/lib/testing/use-test-database'
import { RouteClient } from '@/lib/testing/route-client'
import { createPasswordAccount } from '@/lib/auth/testing/fixtures'
import { beginTotpEnrollment } from '@/lib/auth/begin-totp-enrollment'
import { totpFor } from '@/lib/auth/totp'
import { INVALID_CODE_MESSAGE } from '@/lib/auth/confirm-totp-enrollment'
import { signedInClient } from '@/app/_server/testing/signed-in-client'
import { confirmTotpEnrollmentAction } from './confirm-totp-enrollment'
import { verifySecondFactorAction } from './verify-second-factor'

const database = useTestDatabase()
let adminId: string
let tenantUserId: string

beforeAll(async () => {
  adminId = (await createPasswordAccount({ email: 'root@mfa.test', password: 'Second-Factor-First-61' })).userId
  await database.db.user.update({ where: { id: adminId }, data: { isSuperAdmin: true } })
  tenantUserId = (await createPasswordAccount({ email: 'tina@mfa.test', password: 'Just-A-Tenant-User-62' })).userId
})

const sessionOf = async (userId: string) =>
  database.db.session.findFirstOrThrow({ where: { userId }, orderBy: { createdAt: 'desc' }, select: { mfaAt: true } })

describe('the second factor actions', () => {
  it('answer NOT_FOUND to a tenant user and to a visitor, for any code, before reading it', async () => {
    const tenant = await signedInClient(tenantUserId)
    for (const client of [tenant, new RouteClient()]) {
      for (const action of [confirmTotpEnrollmentAction, verifySecondFactorAction]) {
        for (const fields of [{ code: '123456' }, { code: 'x' }, {}] as Record<string, string>[]) {
          const outcome = await client.act(action, fields)
          expect(outcome.result, JSON.stringify(fields)).toMatchObject({ ok: false, code: 'NOT_FOUND', message: 'Not found' })
          expect(outcome.redirect).toBeUndefined()
        }
      }
    }
    const user = await database.db.user.findUniqueOrThrow({ where: { id: tenantUserId } })
    expect(user.totpSecret).toBeNull()
    expect(user.totpEnabledAt).toBeNull()
  })

  it('enrolment: a malformed or wrong code on its field, then the app’s code turns TOTP on, once', async () => {
    const admin = await signedInClient(adminId)
    const { secretBase32 } = await beginTotpEnrollment(adminId)
    const malformed = await admin.act(confirmTotpEnrollmentAction, { code: '12ab' })
    expect(malformed.result).toMatchObject({
      ok: false,
      code: 'VALIDATION',
      fieldErrors: { code: ['Enter the 6-digit code from your authenticator app'] },
    })
    const wrong = await admin.act(confirmTotpEnrollmentAction, { code: '000000' })
    expect(wrong.result).toMatchObject({ ok: false, code: 'VALIDATION', fieldErrors: { code: [INVALID_CODE_MESSAGE] } })
    expect(wrong.result!.ok === false && wrong.result!.values).toEqual({}) // the code is not sent back

    const right = await admin.act(confirmTotpEnrollmentAction, { code: totpFor(secretBase32, 'root@mfa.test').generate() })
    expect(right.result, JSON.stringify(right)).toMatchObject({ ok: true })
    const { recoveryCodes } = (right.result as { data: { recoveryCodes: string[] } }).data
    expect(recoveryCodes).toHaveLength(10)
    expect(right.refreshed).toBe(true)
    expect((await sessionOf(adminId)).mfaAt).toBeInstanceOf(Date)

    const twice = await admin.act(confirmTotpEnrollmentAction, { code: totpFor(secretBase32, 'root@mfa.test').generate() })
    expect(twice.result).toMatchObject({ ok: false, code: 'CONFLICT' })

    // A new session asks again: a wrong code on its field, a used TOTP step refused, a recovery code passes, then the console.
    const later = await signedInClient(adminId)
    const bad = await later.act(verifySecondFactorAction, { code: '999999' })
    expect(bad.result).toMatchObject({
      ok: false,
      code: 'VALIDATION',
      message: 'That code is not valid.',
      fieldErrors: { code: ['That code is not valid. Codes change every 30 seconds.'] },
    })
    const replayed = await later.act(verifySecondFactorAction, { code: totpFor(secretBase32, 'root@mfa.test').generate() })
    expect(replayed.result).toMatchObject({ ok: false, code: 'VALIDATION' })
    expect((await sessionOf(adminId)).mfaAt).toBeNull()
    const recovered = await later.act(verifySecondFactorAction, { code: recoveryCodes[0]! })
    expect(recovered.redirect, JSON.stringify(recovered.result)).toBe('/admin')
    expect((await sessionOf(adminId)).mfaAt).toBeInstanceOf(Date)
    expect(await database.db.auditLog.count({ where: { action: 'auth.mfa.enrolled', targetId: adminId } })).toBe(1)
  })
})
