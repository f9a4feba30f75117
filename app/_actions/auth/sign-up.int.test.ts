// The sign-up form's action and its link, as a browser meets them. The answer to an address with
// an account is the one a new address gets (message, cookies, no session, no redirect); the link,
// opened in the browser that signed up, creates the account and signs it in, and the wizard goes
// on; elsewhere it asks for a password first. From an invitation to the same address the account
// exists at once and the invitation is next.
import { beforeAll, describe, expect, it } from 'vitest'
import { useTestDatabase } from '@/lib/testing/use-test-database'
import { RouteClient } from '@/lib/testing/route-client'
import { createPasswordAccount } from '@/lib/auth/testing/fixtures'
import { CHOOSE_PASSWORD_MESSAGE } from '@/lib/auth/pending-sign-up'
import { createOrgWithOwner } from '@/lib/orgs/testing/fixtures'
import { generateInvitationToken } from '@/lib/orgs/invitation-token'
import { sessionCookieName } from '@/app/_server/session'
import { saveOrganizationStepAction } from '../onboarding/save-organization-step'
import { signUpAction } from './sign-up'
import { verifyEmailAction } from './verify-email'

const database = useTestDatabase()
const PASSWORD = 'Signing-Up-Today-Now-83'

beforeAll(async () => {
  await createPasswordAccount({ email: 'taken@sign-up.test', password: 'The-Owners-Own-Pass-12', verified: true })
})

/** The newest link a sign-up mailed to `to`. */
function linkTo(to: string): string {
  const mail = database.jobs.sent.filter((e) => (e.data as { to?: string }).to === to).at(-1)
  return new URL((mail!.data as { data: { url: string } }).data.url).searchParams.get('token')!
}

describe('the sign-up form', () => {
  it('answers an address with an account exactly as a new one: same message, same cookies, no session', async () => {
    const answers = []
    for (const email of ['taken@sign-up.test', 'new@sign-up.test']) {
      const visitor = new RouteClient()
      const outcome = await visitor.act(signUpAction, { email, password: PASSWORD, name: 'Sam' })
      answers.push({
        result: JSON.stringify(outcome.result).replaceAll(email, '<email>'),
        redirect: outcome.redirect,
        cookies: outcome.cookies.map(({ value: _value, ...attributes }) => attributes),
        isSignedIn: visitor.cookies.has(sessionCookieName()),
      })
    }
    expect(answers[0]).toEqual(answers[1])
    expect(answers[0]).toMatchObject({ redirect: undefined, isSignedIn: false, cookies: [{ name: 'tenancy.sign-up-key', httpOnly: true }] })
    expect(JSON.parse(answers[0]!.result)).toMatchObject({
      ok: true,
      data: { message: expect.stringContaining('We sent an email to <email>') },
    })
    // The owner of the taken address was told; no second account.
    expect(database.jobs.sent.map((e) => (e.data as { template: string; to: string }).template)).toEqual([
      'sign-up-attempted',
      'verify-email',
    ])
    expect(await database.db.user.count({ where: { email: 'taken@sign-up.test' } })).toBe(1)
  })

  it('its link, in the browser that signed up, creates the account and signs it in; the wizard goes on', async () => {
    const browser = new RouteClient()
    await browser.act(signUpAction, { email: 'nina@sign-up.test', password: PASSWORD, name: 'Nina' })
    const verified = await browser.act(verifyEmailAction, { token: linkTo('nina@sign-up.test') })
    expect(verified.result).toMatchObject({
      ok: true,
      data: { message: expect.stringContaining('verified'), next: '/signup/organization' },
    })
    expect(browser.cookies.has(sessionCookieName())).toBe(true)
    expect(browser.cookies.has('tenancy.sign-up-key')).toBe(false)
    const user = await database.db.user.findUniqueOrThrow({ where: { email: 'nina@sign-up.test' } })
    expect(user.emailVerifiedAt).toBeInstanceOf(Date)
    expect((await browser.act(saveOrganizationStepAction, { name: 'Nina Works', slug: 'nina-works' })).redirect).toBe('/signup/plan')
  })

  it('its link, in another browser, asks for the password and then signs that browser in', async () => {
    await new RouteClient().act(signUpAction, { email: 'omar@sign-up.test', password: PASSWORD })
    const phone = new RouteClient()
    const asked = await phone.act(verifyEmailAction, { token: linkTo('omar@sign-up.test') })
    expect(asked.result).toMatchObject({ ok: false, code: 'VALIDATION', fieldErrors: { password: [CHOOSE_PASSWORD_MESSAGE] } })
    expect(await database.db.user.count({ where: { email: 'omar@sign-up.test' } })).toBe(0)
    const done = await phone.act(verifyEmailAction, { token: linkTo('omar@sign-up.test'), password: 'Chosen-On-The-Phone-4' })
    expect(done.result).toMatchObject({ ok: true })
    expect(phone.cookies.has(sessionCookieName())).toBe(true)
  })

  it('from an invitation to this very address: the account at once, signed in, on to the invitation', async () => {
    const org = await createOrgWithOwner(database.db, { name: 'Inviting Co', slug: 'inviting-co' })
    const { token, tokenHash } = generateInvitationToken()
    await database.db.invitation.create({
      data: {
        orgId: org.id,
        email: 'ivy@sign-up.test',
        tokenHash,
        invitedById: org.owner.id,
        expiresAt: new Date(Date.now() + 86_400_000),
      },
    })
    const next = `/invite?token=${token}`
    // Another address than the invited one: the usual answer.
    const other = new RouteClient()
    expect((await other.act(signUpAction, { email: 'not-ivy@sign-up.test', password: PASSWORD, next })).result).toMatchObject({ ok: true })
    expect(other.cookies.has(sessionCookieName())).toBe(false)
    // The invited address.
    const ivy = new RouteClient()
    const outcome = await ivy.act(signUpAction, { email: 'Ivy@sign-up.test', password: PASSWORD, next })
    expect(outcome.redirect, JSON.stringify(outcome.result)).toBe(next)
    expect(ivy.cookies.has(sessionCookieName())).toBe(true)
    expect((await database.db.user.findUniqueOrThrow({ where: { email: 'ivy@sign-up.test' } })).emailVerifiedAt).toBeInstanceOf(Date)
  })
})
