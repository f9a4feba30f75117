// The sign-in form's action: a session cookie and a redirect to where the visitor was going — a
// path of this site only. Every hostile `next` below (an open redirect through the tabs, newlines
// and backslashes browsers drop or read as slashes, issue 14 item 1) ends on the default page.
import { beforeAll, describe, expect, it } from 'vitest'
import { useTestDatabase } from '@/lib/testing/use-test-database'
import { RouteClient } from '@/lib/testing/route-client'
import { createPasswordAccount } from '@/lib/auth/testing/fixtures'
import { currentUser, sessionCookieName } from '@/app/_server/session'
import { withRequestScope } from '@/lib/testing/next-request-scope'
import { signInAction } from './sign-in'

const database = useTestDatabase()
const PASSWORD = 'Signing-In-Is-Fine-84'
const SITE = 'http://localhost:3000'

beforeAll(async () => {
  await createPasswordAccount({ email: 'sam@sign-in.test', password: PASSWORD })
  const { userId } = await createPasswordAccount({ email: 'root@sign-in.test', password: PASSWORD })
  await database.db.user.update({ where: { id: userId }, data: { isSuperAdmin: true } })
})

/** Who the client's cookie signs in as (through the same session check the pages use). */
async function signedInAs(client: RouteClient): Promise<string | null> {
  const cookie = [...client.cookies].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; ')
  const scope = { headers: new Headers({ cookie }), cookies: new Map(client.cookies), written: [], refreshed: false }
  return (await withRequestScope(scope, () => currentUser()))?.email ?? null
}

describe('the sign-in action', () => {
  it('signs in, sets the session cookie and goes to the dashboard, or to the same-site next', async () => {
    const browser = new RouteClient(SITE)
    const outcome = await browser.act(signInAction, { email: ' Sam@Sign-In.test ', password: PASSWORD })
    expect(outcome.redirect, JSON.stringify(outcome.result)).toBe('/dashboard')
    expect(browser.cookies.has(sessionCookieName())).toBe(true)
    expect(await signedInAs(browser)).toBe('sam@sign-in.test')

    const next = await new RouteClient(SITE).act(signInAction, { email: 'sam@sign-in.test', password: PASSWORD, next: '/invite?token=abc' })
    expect(next.redirect).toBe('/invite?token=abc')
  })

  it('sends the super-admin to /mfa', async () => {
    const outcome = await new RouteClient(SITE).act(signInAction, { email: 'root@sign-in.test', password: PASSWORD })
    expect(outcome.redirect).toBe('/mfa')
  })

  it('answers one message whatever was wrong, without a session', async () => {
    for (const fields of [
      { email: 'sam@sign-in.test', password: 'Not-The-Password-1' },
      { email: 'nobody@sign-in.test', password: PASSWORD },
    ]) {
      const browser = new RouteClient(SITE)
      const outcome = await browser.act(signInAction, fields)
      expect(outcome.result).toMatchObject({ ok: false, code: 'UNAUTHENTICATED', message: 'Email or password is incorrect.' })
      expect(outcome.result!.ok === false && outcome.result!.values).toEqual({ email: fields.email }) // never the password
      expect(outcome.redirect).toBeUndefined()
      expect(browser.cookies.has(sessionCookieName())).toBe(false)
    }
  })

  const hostile = [
    '/%09/evil.example',
    '/%09/evil.example/x',
    '//evil.example',
    '/\\evil.example',
    'https://evil.example',
    '/\t/evil.example',
    '/\n/evil.example',
    '/\r\n/evil.example',
    '\t//evil.example',
    '/%0a/evil.example',
    '/%5C/evil.example',
    '/%2F/evil.example',
    'javascript:alert(1)',
  ]
  it.each(hostile.map((next) => ({ next, shown: JSON.stringify(next) })))('next $shown ends on the default page', async ({ next }) => {
    const browser = new RouteClient(SITE)
    const outcome = await browser.act(signInAction, { email: 'sam@sign-in.test', password: PASSWORD, next })
    expect(outcome.redirect).toBe('/dashboard')
    // What a browser makes of the Location: this site, at the default page.
    const landing = new URL(outcome.redirect!, SITE)
    expect(landing.origin).toBe(SITE)
    expect(landing.pathname).toBe('/dashboard')
    expect(browser.cookies.has(sessionCookieName())).toBe(true) // signed in all the same
  })
})
