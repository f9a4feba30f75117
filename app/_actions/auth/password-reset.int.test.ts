// The password reset forms' actions: the request answers the same whether or not the address has
// an account; the link's form refuses a weak password on its field (the link keeps working), then
// changes it once, ending every session, and refuses the used link on its token.
import { describe, expect, it } from 'vitest'
import { useTestDatabase } from '@/lib/testing/use-test-database'
import { RouteClient } from '@/lib/testing/route-client'
import { createPasswordAccount } from '@/lib/auth/testing/fixtures'
import { INVALID_RESET_LINK } from '@/lib/auth/password-reset'
import { signedInClient } from '@/app/_server/testing/signed-in-client'
import { requestPasswordResetAction } from './request-password-reset'
import { resetPasswordAction } from './reset-password'

const database = useTestDatabase()
const SAME_ANSWER = 'If an account exists for that address, we sent a link to reset its password. It is valid for 30 minutes.'

function lastToken(): string {
  const event = database.jobs.sent.at(-1)
  if (!event) throw new Error('no email sent')
  return new URL((event.data as { data: { url: string } }).data.url).searchParams.get('token')!
}

describe('the password reset actions', () => {
  it('request, a weak password refused on its field, the new one set once with every session ended', async () => {
    const { userId } = await createPasswordAccount({ email: 'rita@reset.test', password: 'Forgotten-Already-45' })
    await signedInClient(userId)
    const sent = database.jobs.sent.length // the verification email
    const unknown = await new RouteClient().act(requestPasswordResetAction, { email: 'nobody@reset.test' })
    expect(unknown.result).toMatchObject({ ok: true, data: { message: SAME_ANSWER } })
    expect(database.jobs.sent).toHaveLength(sent) // nothing for an address without an account
    const known = await new RouteClient().act(requestPasswordResetAction, { email: 'Rita@Reset.test' })
    expect(known.result).toMatchObject({ ok: true, data: { message: SAME_ANSWER } })
    const token = lastToken()

    const weak = await new RouteClient().act(resetPasswordAction, { token, password: 'qwerty123456' })
    expect(weak.result).toMatchObject({ ok: false, code: 'VALIDATION', fieldErrors: { password: [expect.stringMatching(/common/)] } })
    expect(weak.result!.ok === false && weak.result!.values).toEqual({}) // neither the token nor the password travels back

    const changed = await new RouteClient().act(resetPasswordAction, { token, password: 'Remembered-This-Time-46' })
    expect(changed.result).toMatchObject({ ok: true, data: { message: 'Your password was changed. Sign in with the new one.' } })
    expect(await database.db.session.count({ where: { userId } })).toBe(0)
    expect(await database.db.auditLog.count({ where: { action: 'auth.password.reset', targetId: userId } })).toBe(1)

    const again = await new RouteClient().act(resetPasswordAction, { token, password: 'Another-Strong-Pass-77' })
    expect(again.result).toMatchObject({ ok: false, code: 'VALIDATION', fieldErrors: { token: [INVALID_RESET_LINK] } })
  })
})
