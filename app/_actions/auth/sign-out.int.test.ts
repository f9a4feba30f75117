// The sign-out forms' actions: this session, or every session of the user, ended in the database
// and the cookie deleted, then /signin. A cross-site post (what accounts.spec once sent to the
// sign-out-everywhere route) is refused before anything ends.
import { beforeAll, describe, expect, it } from 'vitest'
import { useTestDatabase } from '@/lib/testing/use-test-database'
import { RouteClient } from '@/lib/testing/route-client'
import { createPasswordAccount } from '@/lib/auth/testing/fixtures'
import { sessionCookieName } from '@/app/_server/session'
import { signedInClient } from '@/app/_server/testing/signed-in-client'
import { signOutAction } from './sign-out'
import { signOutEverywhereAction } from './sign-out-everywhere'

const database = useTestDatabase()
let userId: string

beforeAll(async () => {
  userId = (await createPasswordAccount({ email: 'otto@sign-out.test', password: 'Leaving-For-Today-27' })).userId
})

const sessionsOf = (id: string) => database.db.session.count({ where: { userId: id } })

describe('the sign-out actions', () => {
  it('sign out ends this session only, deletes the cookie and goes to /signin', async () => {
    const [here, elsewhere] = [await signedInClient(userId), await signedInClient(userId)]
    const before = await sessionsOf(userId)
    const outcome = await here.act(signOutAction)
    expect(outcome.redirect).toBe('/signin')
    expect(here.cookies.has(sessionCookieName())).toBe(false)
    expect(await sessionsOf(userId)).toBe(before - 1)
    expect(elsewhere.cookies.has(sessionCookieName())).toBe(true)
  })

  it('sign out without a session only clears the cookie', async () => {
    const visitor = new RouteClient()
    visitor.cookies.set(sessionCookieName(), 'not-a-session')
    const before = await database.db.session.count()
    const outcome = await visitor.act(signOutAction)
    expect(outcome.redirect).toBe('/signin')
    expect(visitor.cookies.has(sessionCookieName())).toBe(false)
    expect(await database.db.session.count()).toBe(before)
  })

  it('sign out everywhere ends every session of the user, deletes the cookie and goes to /signin', async () => {
    const [here, elsewhere] = [await signedInClient(userId), await signedInClient(userId)]
    const other = (await createPasswordAccount({ email: 'olga@sign-out.test', password: 'Staying-For-Now-31' })).userId
    await signedInClient(other)
    const outcome = await here.act(signOutEverywhereAction)
    expect(outcome.redirect).toBe('/signin')
    expect(here.cookies.has(sessionCookieName())).toBe(false)
    expect(await sessionsOf(userId)).toBe(0)
    expect(await sessionsOf(other)).toBe(1) // someone else's stay
    // the other browser's cookie names a session that is gone: the next request is signed out
    const again = await elsewhere.act(signOutEverywhereAction)
    expect(again.result).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' })
  })

  it('refuses a cross-site post, and one without an Origin, before ending anything', async () => {
    const browser = await signedInClient(userId)
    const before = await sessionsOf(userId)
    for (const origin of ['https://evil.example', 'null']) {
      for (const action of [signOutEverywhereAction, signOutAction]) {
        const outcome = await browser.act(action, {}, { headers: { origin } })
        expect(outcome.result).toMatchObject({ ok: false, code: 'FORBIDDEN', message: 'Cross-site request refused' })
        expect(outcome.redirect).toBeUndefined()
      }
    }
    expect(await sessionsOf(userId)).toBe(before)
    expect(browser.cookies.has(sessionCookieName())).toBe(true)
  })

  it('a visitor cannot sign out everywhere', async () => {
    const outcome = await new RouteClient().act(signOutEverywhereAction)
    expect(outcome.result).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' })
  })
})
