// Sign-out over https: the session cookie is `__Secure-tenancy.session`, and a browser ignores any
// Set-Cookie for a `__Secure-` name without `Secure`, a deletion included, and keeps a cookie whose
// deletion names another path. Both sign-out actions must delete it with the attributes sign-in set
// it with; the header is checked as Next writes it (its ResponseCookies, from the same options).
import { ResponseCookies, type ResponseCookie } from 'next/dist/compiled/@edge-runtime/cookies'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { hashPassword } from '@/lib/auth/password'
import { resetEnvCache } from '@/lib/env'
import type { CookieWrite } from '@/lib/testing/next-request-scope'
import { RouteClient } from '@/lib/testing/route-client'
import { useTestDatabase } from '@/lib/testing/use-test-database'
import { signInAction } from './sign-in'
import { signOutAction } from './sign-out'
import { signOutEverywhereAction } from './sign-out-everywhere'

const database = useTestDatabase()
const APP_URL = 'https://tenancy.example.test'
const PASSWORD = 'Secure-Cookies-Only-19'
const COOKIE = '__Secure-tenancy.session'
let previous: string | undefined

beforeAll(async () => {
  previous = process.env.APP_URL
  process.env.APP_URL = APP_URL
  resetEnvCache()
  await database.db.user.create({
    data: { email: 'hana@https.test', passwordHash: await hashPassword(PASSWORD), emailVerifiedAt: new Date() },
  })
})
afterAll(() => {
  if (previous === undefined) delete process.env.APP_URL
  else process.env.APP_URL = previous
  resetEnvCache()
})

/** The Set-Cookie header Next sends for a cookie write. */
function setCookieHeader(write: CookieWrite): string {
  const headers = new Headers()
  const { name, value, ...options } = write
  new ResponseCookies(headers).set(name, value, options as Partial<ResponseCookie>) // the options the action passed, as Next reads them
  return headers.get('set-cookie')!
}

/** The attributes a browser matches a deletion against. */
const attributesOf = (header: string) =>
  header
    .split('; ')
    .slice(1)
    .filter((a) => !/^(expires|max-age)=/i.test(a))
    .sort()

async function signedIn(): Promise<{ browser: RouteClient; set: CookieWrite }> {
  const browser = new RouteClient(APP_URL)
  const outcome = await browser.act(signInAction, { email: 'hana@https.test', password: PASSWORD })
  expect(outcome.redirect).toBe('/dashboard')
  const set = outcome.cookies.find((c) => c.name === COOKIE)
  expect(set, JSON.stringify(outcome.cookies)).toBeDefined()
  return { browser, set: set! }
}

describe('sign-out over https', () => {
  for (const [name, action] of [
    ['sign out', signOutAction],
    ['sign out everywhere', signOutEverywhereAction],
  ] as const) {
    it(`${name} deletes the __Secure- cookie with Secure and the attributes it was set with`, async () => {
      const { browser, set } = await signedIn()
      expect(setCookieHeader(set)).toMatch(/; Secure(;|$)/)
      const outcome = await browser.act(action)
      expect(outcome.redirect).toBe('/signin')
      const deletion = outcome.cookies.find((c) => c.name === COOKIE)
      expect(deletion).toMatchObject({ value: '', maxAge: 0 })
      const header = setCookieHeader(deletion!)
      expect(header).toMatch(/^__Secure-tenancy\.session=;/)
      expect(header).toMatch(/; Secure(;|$)/)
      expect(attributesOf(header)).toEqual(attributesOf(setCookieHeader(set)))
      expect(attributesOf(header)).toEqual(['HttpOnly', 'Path=/', 'SameSite=lax', 'Secure'])
      expect(browser.cookies.has(COOKIE)).toBe(false)
    })
  }
})
