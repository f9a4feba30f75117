// OAuth sign-in with GitHub and Google through the real route handlers and a local OAuth2 server
// (lib/testing/oauth-provider-stub.ts) standing in for the providers: the app is pointed at it by
// configuration (GITHUB_OAUTH_URL, GOOGLE_TOKEN_URL, …), exactly as at GitHub Enterprise. The
// "browser" here follows the redirects by hand and keeps the cookies.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { getEnv, resetEnvCache } from '@/lib/env'
import { createTestDatabase, type TestDatabase } from '@/lib/testing/test-db'
import { RouteClient, type RouteHandler, type RouteResult } from '@/lib/testing/route-client'
import { startOAuthProviderStub, type OAuthProviderStub, type StubIdentity } from '@/lib/testing/oauth-provider-stub'
import { recordJobs } from '@/lib/orgs/testing/fixtures'
import { OAUTH_STATE_COOKIE } from '@/lib/auth/oauth/begin-oauth-sign-in'
import { createPasswordAccount } from '@/lib/auth/testing/fixtures'
import { signedInClient } from '@/app/_server/testing/signed-in-client'
import { GET as startRoute } from './[provider]/route'
import { GET as callbackRoute } from './[provider]/callback/route'
import { GET as wizardStateRoute } from '../../signup/state/route'
import { signInAction } from '@/app/_actions/auth/sign-in'

let database: TestDatabase
let stub: OAuthProviderStub
let jobs: ReturnType<typeof recordJobs>
const OAUTH_VARIABLES = [
  'GITHUB_ID',
  'GITHUB_SECRET',
  'GITHUB_OAUTH_URL',
  'GITHUB_API_URL',
  'GOOGLE_ID',
  'GOOGLE_SECRET',
  'GOOGLE_AUTHORIZATION_URL',
  'GOOGLE_TOKEN_URL',
  'GOOGLE_USERINFO_URL',
]

function configure(providers: { github?: boolean; google?: boolean }) {
  for (const name of OAUTH_VARIABLES) delete process.env[name]
  if (providers.github)
    Object.assign(process.env, { GITHUB_ID: 'gh-client', GITHUB_SECRET: 'gh-secret', GITHUB_OAUTH_URL: stub.url, GITHUB_API_URL: stub.url })
  if (providers.google) {
    Object.assign(process.env, { GOOGLE_ID: 'g-client', GOOGLE_SECRET: 'g-secret' })
    Object.assign(process.env, {
      GOOGLE_AUTHORIZATION_URL: stub.google.authorizationUrl,
      GOOGLE_TOKEN_URL: stub.google.tokenUrl,
      GOOGLE_USERINFO_URL: stub.google.userinfoUrl,
    })
  }
  resetEnvCache()
}

beforeAll(async () => {
  database = await createTestDatabase()
  jobs = recordJobs() // sign-up's verification email
  stub = await startOAuthProviderStub({ 'gh-client': 'gh-secret', 'g-client': 'g-secret' })
  configure({ github: true, google: true })
})
afterAll(async () => {
  configure({})
  jobs?.stop()
  await stub?.close()
  await database?.close()
})

let nextId = 1000
function identity(email: string, options: { verified?: boolean; name?: string; extra?: StubIdentity['emails'] } = {}): StubIdentity {
  return {
    id: String(nextId++),
    name: options.name ?? 'Octo Cat',
    emails: [{ email, primary: true, verified: options.verified ?? true }, ...(options.extra ?? [])],
  }
}

const locationOf = (result: RouteResult) => new URL(result.headers.get('location') ?? '', getEnv().appUrl)

/** The whole dance in one browser: start → the provider's consent (as `who`) → callback. Returns the callback's answer. */
async function signInWith(
  provider: 'github' | 'google',
  who: StubIdentity | null,
  browser = new RouteClient(getEnv().appUrl),
  next?: string,
) {
  stub.signInAs(who)
  const start = await browser.call(startRoute as RouteHandler, `/api/auth/oauth/${provider}`, {
    params: { provider },
    query: next ? { next } : {},
  })
  expect(start.status, JSON.stringify(start.body)).toBe(303)
  expect(browser.cookies.has(OAUTH_STATE_COOKIE)).toBe(true)
  const consent = await fetch(start.headers.get('location')!, { redirect: 'manual' })
  expect(consent.status).toBe(302)
  const back = new URL(consent.headers.get('location')!)
  expect(back.pathname).toBe(`/api/auth/oauth/${provider}/callback`)
  const callback = await browser.call(callbackRoute as RouteHandler, back.pathname + back.search, { params: { provider } })
  expect(callback.status).toBe(303)
  expect(browser.cookies.has(OAUTH_STATE_COOKIE)).toBe(false) // used up
  return { browser, callback, start }
}

/** Is this browser signed in? (any route that needs a session) */
async function isSignedIn(browser: RouteClient): Promise<boolean> {
  return (await browser.call(wizardStateRoute as RouteHandler, '/api/signup/state')).status === 200
}

const userByEmail = (email: string) => database.db.user.findUnique({ where: { email }, include: { accounts: true, sessions: true } })

describe('OAuth sign-in through the routes and a local provider', () => {
  it('GitHub: a new user with a verified primary email is created, verified, signed in and sent where the sign-in started', async () => {
    const { browser, callback, start } = await signInWith(
      'github',
      identity('Octo@Example.test', { extra: [{ email: 'other@example.test', primary: false, verified: false }] }),
      undefined,
      '/signup/organization',
    )
    const authorize = new URL(start.headers.get('location')!)
    expect(authorize.origin + authorize.pathname).toBe(`${stub.url}/login/oauth/authorize`)
    expect(authorize.searchParams.get('redirect_uri')).toBe(`${getEnv().appUrl}/api/auth/oauth/github/callback`)
    expect(authorize.searchParams.get('code_challenge_method')).toBe('S256')
    expect(locationOf(callback).pathname).toBe('/signup/organization')
    expect(await isSignedIn(browser)).toBe(true)

    const user = await userByEmail('octo@example.test')
    expect(user).toMatchObject({ name: 'Octo Cat', passwordHash: null })
    expect(user!.emailVerifiedAt).toBeInstanceOf(Date)
    expect(user!.accounts.map((a) => a.provider)).toEqual(['github'])
    expect(await database.db.auditLog.count({ where: { action: 'auth.sign_up', targetId: user!.id } })).toBe(1)
    // the code went to the token endpoint with the PKCE verifier and our client credentials
    const tokenRequest = stub.requests.findLast((r) => r.path === '/login/oauth/access_token')!
    expect(tokenRequest.form).toMatchObject({ client_id: 'gh-client', client_secret: 'gh-secret' })
    expect(tokenRequest.form!.code_verifier).toMatch(/^[\w-]{43}$/)
  })

  it("a provider's profile name is made safe: controls and direction marks become spaces, bounded", async () => {
    await signInWith('github', identity('rlo@example.test', { name: '\u202EAda\u0000\nLovelace\u200F' + 'x'.repeat(200) }))
    const user = await userByEmail('rlo@example.test')
    expect(user!.name).toBe(`Ada Lovelace ${'x'.repeat(200)}`.slice(0, 100))
  })

  it('the same GitHub account again: the same user, a new session each time', async () => {
    const who = identity('again@example.test')
    const first = await signInWith('github', who)
    const second = await signInWith('github', who)
    const user = await userByEmail('again@example.test')
    expect(user!.accounts).toHaveLength(1)
    expect(user!.sessions).toHaveLength(2)
    expect(first.browser.cookies.get('tenancy.session')).not.toBe(second.browser.cookies.get('tenancy.session'))
    expect(await isSignedIn(first.browser)).toBe(true)
    expect(await isSignedIn(second.browser)).toBe(true)
  })

  it('Google: links to an existing verified account by its verified email; the password keeps working', async () => {
    const { userId } = await createPasswordAccount({ email: 'gina@example.test', password: 'Gina-Has-A-Password-1' })
    await database.db.user.update({ where: { id: userId }, data: { emailVerifiedAt: new Date() } })
    const { browser } = await signInWith('google', identity('gina@example.test', { name: 'Gina G' }))
    expect(await isSignedIn(browser)).toBe(true)
    const user = await userByEmail('gina@example.test')
    expect(user!.id).toBe(userId)
    expect(user!.accounts.map((a) => a.provider)).toEqual(['google'])
    expect(user!.passwordHash).not.toBeNull()
    const password = await new RouteClient().act(signInAction, { email: 'gina@example.test', password: 'Gina-Has-A-Password-1' })
    expect(password.redirect, JSON.stringify(password.result)).toBe('/dashboard')
  })

  it('never links or creates by an address the provider did not verify', async () => {
    const { userId } = await createPasswordAccount({ email: 'vic@example.test', password: 'Victims-Own-Password-9' })
    await database.db.user.update({ where: { id: userId }, data: { emailVerifiedAt: new Date() } })
    const accountsBefore = await database.db.account.count()
    const usersBefore = await database.db.user.count()

    for (const [provider, who] of [
      ['google', identity('vic@example.test', { verified: false })], // Google says email_verified: false
      ['github', identity('vic@example.test', { verified: false })], // GitHub lists it unverified
      ['github', identity('nobody-new@example.test', { verified: false })], // and no new account either
    ] as const) {
      const { browser, callback } = await signInWith(provider, who)
      expect(locationOf(callback).pathname + locationOf(callback).search).toBe('/signin?oauth_error=unverified-email')
      expect(browser.cookies.has('tenancy.session')).toBe(false)
    }
    expect(await database.db.account.count()).toBe(accountsBefore)
    expect(await database.db.user.count()).toBe(usersBefore)
    expect(await database.db.auditLog.count({ where: { action: 'auth.sign_in.failed', reason: 'oauth_unverified-email' } })).toBe(3)
  })

  it(
    'an unverified local account with that address is claimed by the verified owner: ' + 'its password is removed and its sessions end',
    async () => {
      // Someone signed up with Pat's address and never verified it (they could not) and holds a session. A
      // sign-up makes no account before its link is followed any more; accounts made before that change remain.
      const { userId: squatterId } = await createPasswordAccount({ email: 'pat@example.test', password: 'Squatters-Password-5' })
      const squatter = await signedInClient(squatterId, { baseUrl: getEnv().appUrl })
      expect(await isSignedIn(squatter)).toBe(true)

      const { browser } = await signInWith('github', identity('pat@example.test', { name: 'Pat' }))
      expect(await isSignedIn(browser)).toBe(true)
      expect(await isSignedIn(squatter)).toBe(false)
      const pat = await userByEmail('pat@example.test')
      expect(pat).toMatchObject({ passwordHash: null })
      expect(pat!.emailVerifiedAt).toBeInstanceOf(Date)
      const squatterSignIn = await new RouteClient().act(signInAction, { email: 'pat@example.test', password: 'Squatters-Password-5' })
      expect(squatterSignIn.result).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' })
      expect(await database.db.auditLog.findFirst({ where: { action: 'auth.oauth.linked', targetId: pat!.id } })).toMatchObject({
        reason: expect.stringMatching(/claimed/),
      })
    },
  )

  it('refuses a callback whose state is not this browser’s, without spending the code', async () => {
    stub.signInAs(identity('mallory@example.test'))
    // Mallory starts a sign-in and gets a code for her account…
    const mallory = new RouteClient(getEnv().appUrl)
    const start = await mallory.call(startRoute as RouteHandler, '/api/auth/oauth/github', { params: { provider: 'github' } })
    const consent = await fetch(start.headers.get('location')!, { redirect: 'manual' })
    const forged = new URL(consent.headers.get('location')!)
    // …and makes the victim's browser (its own sign-in started, or none) open her callback link.
    const tokenRequests = stub.requests.filter((r) => r.path === '/login/oauth/access_token').length
    for (const victim of [new RouteClient(getEnv().appUrl), await startedBrowser()]) {
      const callback = await victim.call(callbackRoute as RouteHandler, forged.pathname + forged.search, { params: { provider: 'github' } })
      expect(locationOf(callback).search).toBe('?oauth_error=state')
      expect(victim.cookies.has('tenancy.session')).toBe(false)
    }
    expect(stub.requests.filter((r) => r.path === '/login/oauth/access_token')).toHaveLength(tokenRequests)
    expect(await userByEmail('mallory@example.test')).toBeNull()
  })

  it('reports a canceled consent, a provider failure and a tampered state cookie', async () => {
    const denied = await signInWith('github', null)
    expect(locationOf(denied.callback).search).toBe('?oauth_error=denied')

    stub.failNextTokenRequest()
    const down = await signInWith('google', identity('down@example.test'))
    expect(locationOf(down.callback).search).toBe('?oauth_error=provider')
    expect(await userByEmail('down@example.test')).toBeNull()

    const browser = await startedBrowser()
    const sealed = browser.cookies.get(OAUTH_STATE_COOKIE)!
    browser.cookies.set(OAUTH_STATE_COOKIE, sealed.slice(0, -4) + (sealed.endsWith('AAAA') ? 'BBBB' : 'AAAA'))
    const tampered = await browser.call(callbackRoute as RouteHandler, '/api/auth/oauth/github/callback?code=x&state=y', {
      params: { provider: 'github' },
    })
    expect(locationOf(tampered).search).toBe('?oauth_error=state')
  })

  it('only offers the providers that are configured', async () => {
    configure({ github: true })
    try {
      const start = await new RouteClient(getEnv().appUrl).call(startRoute as RouteHandler, '/api/auth/oauth/google', {
        params: { provider: 'google' },
      })
      expect(start.status).toBe(404)
      const callback = await new RouteClient(getEnv().appUrl).call(
        callbackRoute as RouteHandler,
        '/api/auth/oauth/google/callback?code=x&state=y',
        { params: { provider: 'google' } },
      )
      expect(locationOf(callback).search).toBe('?oauth_error=unavailable')
      expect(
        (
          await new RouteClient(getEnv().appUrl).call(startRoute as RouteHandler, '/api/auth/oauth/twitter', {
            params: { provider: 'twitter' },
          })
        ).status,
      ).toBe(404)
    } finally {
      configure({ github: true, google: true })
    }
  })
})

/** A browser that started a GitHub sign-in (it holds a state cookie) but has not come back yet. */
async function startedBrowser(): Promise<RouteClient> {
  const browser = new RouteClient(getEnv().appUrl)
  await browser.call(startRoute as RouteHandler, '/api/auth/oauth/github', { params: { provider: 'github' } })
  return browser
}
