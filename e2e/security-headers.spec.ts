// Security headers on every answer of the production build, for every page and route handler app/
// has (e2e/app-routes.ts reads them at run time, so a route added tomorrow is checked tomorrow),
// each requested signed out, as a tenant owner, as the super-admin and as an account in the wizard:
//   - one Content-Security-Policy with a nonce no other answer had, scripts only by that nonce
//     ('strict-dynamic'), frame-ancestors 'none', object-src 'none', base-uri, form-action;
//   - nosniff, X-Frame-Options DENY, Referrer-Policy, Permissions-Policy; HSTS exactly when the
//     app's public URL is https (the harness serves http: none);
//   - Cache-Control: no-store, but for the public cacheable answers (the license keys, the icons);
//   - every script of a rendered page carries the answer's nonce, never one the client forged;
//   - the answers that carry secrets (the instance's admin login, the manifests, the data export,
//     the CSV exports) say no-store; built assets keep the fixed headers and stay cacheable;
//   - a page form without JavaScript still reaches Stripe Checkout (form-action);
//   - key pages (sign-in, the sign-up wizard, dashboard and usage, the admin console) render and
//     hydrate under the policy with no violation, and an injected inline handler is refused.
import { expect, test, type APIRequestContext, type APIResponse, type BrowserContext, type Page } from '@playwright/test'
import { fillPattern, listAppRoutes, type AppRoute, type HttpMethod } from './app-routes'
import { signInAsSuperAdmin } from './admin-session'
import { submitPageForm } from './forms'
import {
  chooseApp,
  demoLogin,
  linkFromMailbox,
  signIn,
  signUpWithOrganization,
  testClientIp,
  verifyEmailThroughMailbox,
  type ApiOwner,
} from './fixtures'

const { routes, unknown } = listAppRoutes()

// The Stripe test server (playwright.config.ts): its hosted-checkout stand-in is where the paid wizard's form leads.
const stripeUrl = `http://127.0.0.1:${Number(process.env.E2E_STRIPE_PORT ?? Number(process.env.E2E_PORT ?? 3100) + 11)}`

/** Public answers that stay cacheable (their route sets its own Cache-Control): each must exist. The metadata files too. */
const CACHEABLE_ROUTES = ['/.well-known/jwks.json']

/**
 * The real row each dynamic segment is filled with: [org] is the seeded acme (its owner is one of the
 * sessions), the [id]s are read from the app as their owner sees them. A new segment fails the first test.
 */
type Fixtures = { org: string; provider: string; invoiceId: string; tenantId: string; messageId: string; exportId: string }
const ID_OF: Record<string, keyof Fixtures> = {
  '/[org]/invoices/[id]': 'invoiceId',
  '/admin/tenants/[id]': 'tenantId',
  '/admin/mailbox/[id]': 'messageId',
  '/api/orgs/[org]/exports/[id]': 'exportId',
}
const valuesFor = (route: AppRoute, f: Fixtures): Record<string, string> => ({
  org: f.org,
  provider: f.provider,
  ...(ID_OF[route.pattern] ? { id: f[ID_OF[route.pattern]!] } : {}),
})

type Session = { name: 'signed out' | 'owner' | 'super-admin' | 'in the wizard'; request: APIRequestContext }

let anonymous: APIRequestContext
let alice: APIRequestContext
let newcomer: APIRequestContext
let adminContext: BrowserContext
let adminPage: Page
let owner: ApiOwner
let fixtures: Fixtures
const sessions = (): Session[] => [
  { name: 'signed out', request: anonymous },
  { name: 'owner', request: alice },
  { name: 'super-admin', request: adminContext.request },
  { name: 'in the wizard', request: newcomer },
]

/** A violation of the policy on any page of `context`, as the page saw it (the event) and as Chromium logged it. */
async function watchPolicy(context: BrowserContext): Promise<string[]> {
  const seen: string[] = []
  await context.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`securitypolicyviolation: ${e.violatedDirective} blocked ${e.blockedURI || 'inline'} (${e.sample})`),
    ),
  )
  context.on('console', (message) => {
    if (message.type() === 'error' && /securitypolicyviolation|Content Security Policy|Refused to/i.test(message.text()))
      seen.push(`${message.page()?.url()}: ${message.text()}`)
  })
  return seen
}
let adminViolations: string[]

test.beforeAll(async ({ playwright, browser, baseURL }) => {
  test.setTimeout(180_000)
  const headers = { origin: baseURL!, 'x-forwarded-for': testClientIp() }
  anonymous = await playwright.request.newContext({ baseURL, extraHTTPHeaders: headers })
  alice = await playwright.request.newContext({ baseURL, extraHTTPHeaders: headers })
  const signedIn = await submitPageForm(alice, '/signin', 'Sign in', { email: 'alice@acme.test', password: demoLogin().demoPassword })
  expect(new URL(signedIn.url()).pathname, 'alice signed in').toBe('/acme') // the dashboard of a one-organization user
  // An account halfway through the wizard (organization and plan chosen, not started): the wizard's last pages are its;
  // the email of its sign-up is the mailbox message of /admin/mailbox/[id].
  newcomer = await playwright.request.newContext({ baseURL, extraHTTPHeaders: headers })
  const stamp = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`
  const email = `csp-wizard-${stamp}@example.test`
  const steps: [string, string, Record<string, string>, string][] = [
    ['/signup', 'Create your account', { email, password: 'Policy-Wizard-Pass-64', name: 'W' }, '/signup'],
    ['/signup/app', 'Choose an app', { appId: 'generic' }, '/signup/organization'],
    ['/signup/organization', 'Name your organization', { name: `Csp Wizard ${stamp}`, slug: `csp-wizard-${stamp}` }, '/signup/plan'],
    ['/signup/plan', 'Choose a plan', { planId: 'free' }, '/signup/review'],
  ]
  for (const [page, form, fields, landing] of steps) {
    expect(new URL((await submitPageForm(newcomer, page, form, fields)).url()).pathname, form).toBe(landing)
    // the account is made by the link of the email, opened in this browser
    if (page === '/signup') await verifyEmailThroughMailbox(playwright, baseURL!, newcomer, email)
  }
  adminContext = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': testClientIp() } })
  adminViolations = await watchPolicy(adminContext)
  adminPage = await adminContext.newPage()
  await signInAsSuperAdmin(adminPage)

  // acme's data export (Settings → Export data, as a browser without JavaScript posts it), asked for once per data directory
  let settings = await (await alice.get('/acme/settings')).text()
  if (!/data-export="[\w-]+"/.test(settings)) {
    await submitPageForm(alice, '/acme/settings', 'Export data')
    settings = await (await alice.get('/acme/settings')).text()
  }
  const invoices = await (await alice.get('/acme/invoices')).text()
  const tenants = await (await adminContext.request.get('/admin/tenants')).text()
  const mailbox = await (await adminContext.request.get('/admin/mailbox')).text()
  fixtures = {
    org: 'acme',
    provider: 'github',
    invoiceId: /href="\/acme\/invoices\/([\w-]+)"/.exec(invoices)?.[1] ?? '',
    tenantId: /href="\/admin\/tenants\/([\w-]+)"/.exec(tenants)?.[1] ?? '',
    messageId: /href="\/admin\/mailbox\/([\w-]+)"/.exec(mailbox)?.[1] ?? '',
    exportId: /data-export="([\w-]+)"/.exec(settings)?.[1] ?? '',
  }
  expect(
    Object.entries(fixtures).filter(([, value]) => !value),
    'fixture values read from the app',
  ).toEqual([])
})

test.afterAll(async () => {
  await Promise.all([anonymous?.dispose(), alice?.dispose(), newcomer?.dispose(), owner?.request.dispose(), adminContext?.close()])
})

const nonceOf = (policy: string | undefined) => /'nonce-([A-Za-z0-9+/=]+)'/.exec(policy ?? '')?.[1]

/** What is wrong with the security headers of one answer (nothing: []). */
function headerProblems(response: APIResponse, options: { isCacheable: boolean; isHttps: boolean }): string[] {
  const problems: string[] = []
  const all = response.headersArray()
  const one = (name: string) => {
    const values = all.filter((h) => h.name.toLowerCase() === name).map((h) => h.value)
    if (values.length > 1) problems.push(`${name} sent ${values.length} times`)
    return values[0]
  }
  const policy = one('content-security-policy')
  const directives = new Map(
    (policy ?? '')
      .split(';')
      .map((d) => d.trim().split(/\s+/))
      .filter((d) => d[0])
      .map(([name, ...values]) => [name!, values]),
  )
  const nonce = nonceOf(policy)
  if (!policy) problems.push('no Content-Security-Policy')
  else {
    if (!nonce) problems.push('CSP without a nonce')
    const script = directives.get('script-src') ?? []
    if (!script.includes(`'nonce-${nonce}'`) || !script.includes("'strict-dynamic'")) problems.push(`script-src ${script.join(' ')}`)
    if (script.some((s) => s === "'unsafe-inline'" || s === "'unsafe-eval'" || s === '*' || s.endsWith(':')))
      problems.push(`script-src allows ${script.join(' ')}`)
    for (const [name, value] of [
      ['default-src', "'self'"],
      ['object-src', "'none'"],
      ['base-uri', "'self'"],
      ['frame-ancestors', "'none'"],
    ] as const)
      if (directives.get(name)?.join(' ') !== value) problems.push(`${name} is ${directives.get(name)?.join(' ')}, not ${value}`)
    const formAction = directives.get('form-action') ?? []
    // billing is stripe in the harness: Checkout and the Portal are where the billing forms go
    if (formAction[0] !== "'self'" || !formAction.includes('https://checkout.stripe.com'))
      problems.push(`form-action ${formAction.join(' ')}`)
  }
  if (one('x-content-type-options') !== 'nosniff') problems.push(`X-Content-Type-Options ${one('x-content-type-options')}`)
  if (one('x-frame-options') !== 'DENY') problems.push(`X-Frame-Options ${one('x-frame-options')}`)
  if (!['strict-origin-when-cross-origin', 'strict-origin', 'same-origin', 'no-referrer'].includes(one('referrer-policy') ?? ''))
    problems.push(`Referrer-Policy ${one('referrer-policy')}`)
  if (!one('permissions-policy')?.includes('camera=()')) problems.push(`Permissions-Policy ${one('permissions-policy')}`)
  const hsts = one('strict-transport-security')
  if (options.isHttps ? hsts !== 'max-age=63072000; includeSubDomains' : hsts !== undefined)
    problems.push(`Strict-Transport-Security ${hsts}`)
  const cache = one('cache-control') ?? ''
  if (options.isCacheable ? /no-store/.test(cache) : !/\bno-store\b/.test(cache)) problems.push(`Cache-Control "${cache}"`)
  return problems
}

async function send(request: APIRequestContext, method: HttpMethod, url: string, headers: Record<string, string> = {}) {
  const body = method === 'GET' || method === 'HEAD' ? {} : { data: {} }
  return request.fetch(url, { method, maxRedirects: 0, headers, ...body })
}

test('every page and route handler of app/ is understood, and each dynamic segment has a real value', () => {
  expect(routes.length).toBeGreaterThan(30)
  expect(unknown, 'files Next serves that e2e/app-routes.ts does not understand').toEqual([])
  const missing = routes.flatMap((route) => {
    try {
      fillPattern(route.pattern, valuesFor(route, fixtures))
      return []
    } catch (error) {
      return [`${route.file}: ${(error as Error).message} (add it to ID_OF in e2e/security-headers.spec.ts)`]
    }
  })
  expect(missing).toEqual([])
  expect(CACHEABLE_ROUTES.filter((pattern) => !routes.some((r) => r.pattern === pattern))).toEqual([])
})

test('every answer of every page and route, signed out and signed in, carries the security headers and a nonce of its own', async ({
  baseURL,
}) => {
  test.setTimeout(180_000)
  const isHttps = new URL(baseURL!).protocol === 'https:'
  const failures: string[] = []
  const nonces = new Map<string, string>()
  const rendered = new Set<string>()
  for (const route of routes.filter((r) => r.kind !== 'metadata')) {
    const url = fillPattern(route.pattern, valuesFor(route, fixtures))
    const isCacheable = CACHEABLE_ROUTES.includes(route.pattern)
    for (const session of sessions()) {
      for (const method of route.methods) {
        const response = await send(session.request, method, url)
        const where = `${method} ${url} (${route.file}, ${session.name}) ${response.status()}`
        for (const problem of headerProblems(response, { isCacheable, isHttps })) failures.push(`${where}: ${problem}`)
        const nonce = nonceOf(response.headers()['content-security-policy'])
        if (nonce && nonces.has(nonce)) failures.push(`${where}: the nonce of ${nonces.get(nonce)} again`)
        if (nonce) nonces.set(nonce, where)
        if (route.kind === 'page' && response.status() === 200) rendered.add(route.pattern)
      }
    }
  }
  expect(failures).toEqual([])
  // The headers above are those of real pages, not of a redirect each: every page rendered for one of the sessions.
  expect(routes.filter((r) => r.kind === 'page' && !rendered.has(r.pattern)).map((r) => r.file)).toEqual([])
  expect(nonces.size).toBeGreaterThan(100)
})

test("every rendered page puts the answer's nonce on each of its scripts, and a nonce the client sends changes nothing", async () => {
  test.setTimeout(120_000)
  const forged = 'AAAAAAAAAAAAAAAAAAAAAA=='
  const failures: string[] = []
  const pages = routes.filter((r) => r.kind === 'page').map((r) => ({ url: fillPattern(r.pattern, valuesFor(r, fixtures)), file: r.file }))
  for (const route of [...pages, { url: '/no-such-page/at-all', file: '(no route: the not-found page)' }]) {
    const url = route.url
    for (const session of sessions()) {
      const response = await send(session.request, 'GET', url, {
        'content-security-policy': `script-src 'nonce-${forged}'`,
        'x-nonce': forged,
      })
      if (![200, 404].includes(response.status())) continue // a redirect renders nothing
      const html = await response.text()
      const nonce = nonceOf(response.headers()['content-security-policy'])
      const scripts = [...html.matchAll(/<script\b[^>]*>/g)].map((m) => m[0])
      const where = `GET ${url} (${route.file}, ${session.name}) ${response.status()}`
      if (!scripts.length) failures.push(`${where}: no script at all`)
      const without = scripts.filter((script) => !script.includes(` nonce="${nonce}"`))
      if (without.length) failures.push(`${where}: ${without.length} of ${scripts.length} scripts without its nonce, e.g. ${without[0]}`)
      if (html.includes(forged)) failures.push(`${where}: the forged nonce is in the page`)
    }
  }
  expect(failures).toEqual([])
})

test('built assets and the icons keep the fixed headers and stay cacheable', async () => {
  const html = await (await anonymous.get('/signin')).text()
  const assets = [
    /<script[^>]+src="(\/_next\/static\/[^"]+\.js)"/.exec(html)?.[1],
    /<link[^>]+href="(\/_next\/static\/[^"]+\.css)"/.exec(html)?.[1],
    ...routes.filter((r) => r.kind === 'metadata').map((r) => r.pattern),
  ]
  expect(assets.filter((a) => !a)).toEqual([])
  expect(assets.length).toBeGreaterThanOrEqual(3)
  const failures: string[] = []
  for (const asset of assets as string[]) {
    const response = await anonymous.get(asset)
    const headers = response.headers()
    const where = `${asset} ${response.status()}`
    if (response.status() !== 200) failures.push(where)
    if (headers['x-content-type-options'] !== 'nosniff')
      failures.push(`${where}: X-Content-Type-Options ${headers['x-content-type-options']}`)
    if (headers['x-frame-options'] !== 'DENY') failures.push(`${where}: X-Frame-Options ${headers['x-frame-options']}`)
    if (!headers['referrer-policy']) failures.push(`${where}: no Referrer-Policy`)
    if (/no-store/.test(headers['cache-control'] ?? '')) failures.push(`${where}: Cache-Control ${headers['cache-control']}`)
  }
  expect(failures).toEqual([])
  expect((await anonymous.get(assets[0]!)).headers()['cache-control']).toContain('immutable')
  expect((await anonymous.get('/.well-known/jwks.json')).headers()['cache-control']).toBe('public, max-age=300')
})

test('answers with secrets say no-store: the admin login reveal, the manifests, the data export, the wizard state, the CSVs', async ({
  browser,
  playwright,
  baseURL,
}) => {
  test.setTimeout(120_000)
  // A new organization through the wizard: its instance has an admin login to reveal.
  owner = await signUpWithOrganization(playwright, baseURL!, 'csp')
  const context = await browser.newContext({ storageState: await owner.request.storageState() })
  const violations = await watchPolicy(context)
  try {
    const page = await context.newPage()
    const instance = page.getByRole('region', { name: `Instance ${owner.slug}` })
    // the dry-run provisioning started by the wizard finishes on its own
    await expect(async () => {
      await page.goto(`/${owner.slug}`)
      await expect(instance.getByTestId('instance-state')).toHaveText('active', { timeout: 1_000 })
    }).toPass({ timeout: 60_000 })
    const [reveal] = await Promise.all([
      page.waitForResponse((r) => r.request().method() === 'POST' && Boolean(r.request().headers()['next-action'])),
      instance.getByRole('button', { name: 'Show the admin login (once)' }).click(),
    ])
    await expect(instance.getByTestId('admin-password')).not.toBeEmpty()
    expect(reveal.headers()['cache-control'], 'the server action answer with the password').toMatch(/\bno-store\b/)
    expect(reveal.headers()['content-security-policy']).toContain("frame-ancestors 'none'")
    expect(violations).toEqual([])
  } finally {
    await context.close()
  }
  // the owner's data export, once the job has built it
  await expect(async () => {
    const settings = await (await alice.get('/acme/settings')).text()
    expect(settings).toContain(`data-export="${fixtures.exportId}" data-status="READY"`)
  }).toPass({ timeout: 30_000 })
  const downloads: [APIRequestContext, string][] = [
    [alice, `/api/orgs/acme/exports/${fixtures.exportId}`],
    [owner.request, `/api/orgs/${owner.slug}/instance/manifests`],
    [owner.request, `/api/orgs/${owner.slug}/provisioning`],
    [owner.request, '/api/signup/state'],
    [adminContext.request, '/api/admin/audit/export'],
    [adminContext.request, '/api/admin/invoices/export'],
  ]
  for (const [request, url] of downloads) {
    const response = await request.get(url)
    expect(response.status(), url).toBe(200)
    expect(response.headers()['cache-control'], url).toMatch(/\bno-store\b/)
  }
})

test("a page form without JavaScript is let through to Stripe Checkout (form-action allows the action's redirect)", async ({
  browser,
  playwright,
  baseURL,
}) => {
  test.setTimeout(90_000)
  // The wizard up to its last step on the pro plan, as a browser without JavaScript submits it.
  const request = await playwright.request.newContext({
    baseURL,
    extraHTTPHeaders: { origin: baseURL!, 'x-forwarded-for': testClientIp() },
  })
  const stamp = `${Date.now().toString(36)}${Math.floor(Math.random() * 1e4).toString(36)}`
  const email = `csp-pay-${stamp}@example.test`
  await submitPageForm(request, '/signup', 'Create your account', { email, password: 'Policy-Payer-Pass-64', name: 'P' })
  await verifyEmailThroughMailbox(playwright, baseURL!, request, email)
  await submitPageForm(request, '/signup/app', 'Choose an app', { appId: 'generic' })
  await submitPageForm(request, '/signup/organization', 'Name your organization', { name: `Csp Pay ${stamp}`, slug: `csp-pay-${stamp}` })
  const plan = await submitPageForm(request, '/signup/plan', 'Choose a plan', { planId: 'pro' })
  expect(new URL(plan.url()).pathname).toBe('/signup/review')
  const context = await browser.newContext({ javaScriptEnabled: false, storageState: await request.storageState() })
  try {
    const page = await context.newPage()
    await page.goto('/signup/review')
    // the server action answers the post with a 303 to Checkout: Chromium follows it only if form-action allows that origin
    await page.getByRole('button', { name: 'Continue to payment' }).click()
    await expect(page).toHaveURL(new RegExp(`^${stripeUrl}/checkout/cs_test_`), { timeout: 30_000 })
    await expect(page.getByTestId('checkout-amount')).toBeVisible()
  } finally {
    await context.close()
    await request.dispose()
  }
})

/** React has attached itself to the page's elements: the scripts ran and hydrated it. */
const isHydrated = (page: Page) =>
  page.evaluate(() => [...document.querySelectorAll('body *')].some((el) => Object.keys(el).some((k) => k.startsWith('__reactFiber'))))

test('sign-in, the sign-up wizard and the dashboard render and hydrate under the policy, with no violation', async ({
  browser,
  playwright,
  baseURL,
}) => {
  test.setTimeout(120_000)
  const context = await browser.newContext({ extraHTTPHeaders: { 'x-forwarded-for': testClientIp() } })
  const violations = await watchPolicy(context)
  try {
    const page = await context.newPage()
    // the landing page, then sign-in
    await page.goto('/')
    expect(await isHydrated(page)).toBe(true)
    await page.goto('/signin')
    expect(await isHydrated(page)).toBe(true)
    // the watch sees a violation when there is one: injected markup's inline handler (the usual XSS payload) is refused
    await page.evaluate(() => {
      const injected = document.createElement('div')
      injected.innerHTML = '<img src="/no-such-image" onerror="window.__injected = true">'
      document.body.append(injected)
    })
    await expect.poll(() => violations.join(' ')).toContain('securitypolicyviolation: script-src-attr')
    expect(await page.evaluate(() => (window as { __injected?: boolean }).__injected)).toBeUndefined()
    violations.length = 0

    // the wizard: its live address check is the browser's own request to our API (connect-src)
    const stamp = Date.now().toString(36)
    await page.goto('/signup')
    expect(await isHydrated(page)).toBe(true)
    await page.getByLabel('Your name').fill('Cora Policy')
    await page.getByLabel('Email').fill(`cora-${stamp}@example.test`)
    await page.getByLabel('Password').fill('A-Strong-Passphrase-91')
    await page.getByRole('button', { name: 'Continue' }).click()
    await expect(page.getByRole('main').getByRole('status')).toContainText(`We sent an email to cora-${stamp}@example.test.`)
    await page.goto(
      await linkFromMailbox(playwright, baseURL!, { to: `cora-${stamp}@example.test`, template: 'verify-email', route: 'verify' }),
    )
    await expect(page.getByRole('main').getByRole('status')).toContainText('verified')
    expect(await isHydrated(page)).toBe(true)
    await page.goto('/signup/organization')
    await chooseApp(page)
    await page.getByLabel('Organization name').fill(`Cora Policy ${stamp}`)
    await expect(page.getByRole('status').filter({ hasText: `cora-policy-${stamp}.tenants.localhost is available` })).toBeVisible()
    await page.getByRole('button', { name: 'Continue' }).click()
    await expect(page).toHaveURL(/\/signup\/plan$/)
    expect(await isHydrated(page)).toBe(true)

    // the owner's dashboard and usage charts (recharts draws them in the browser)
    await page.context().clearCookies()
    await signIn(page, 'alice@acme.test', demoLogin().demoPassword)
    await expect(page).toHaveURL(/\/acme$/) // the dashboard sends a one-organization user to it
    expect(await isHydrated(page)).toBe(true)
    await page.goto('/dashboard')
    expect(await isHydrated(page)).toBe(true)
    await page.goto('/acme/usage')
    await expect(page.locator('.recharts-surface').first()).toBeVisible()
    await page.goto('/acme')
    expect(await isHydrated(page)).toBe(true)
    expect(violations).toEqual([])
  } finally {
    await context.close()
  }
})

test('the admin console renders and hydrates under the policy, with no violation', async () => {
  test.setTimeout(60_000)
  await adminPage.goto('/admin')
  await expect(adminPage.getByRole('heading', { name: 'Fleet' })).toBeVisible()
  await expect(adminPage.locator('.recharts-surface').first()).toBeVisible()
  await adminPage.goto('/admin/tenants')
  expect(await isHydrated(adminPage)).toBe(true)
  await adminPage.goto(`/admin/mailbox/${fixtures.messageId}`)
  await expect(adminPage.getByTestId('mail-text')).toBeVisible()
  expect(await isHydrated(adminPage)).toBe(true)
  expect(adminViolations).toEqual([])
})
