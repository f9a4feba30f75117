// Tenant isolation over HTTP, for every page and route handler the app has. The list comes from
// app/ at run time (e2e/app-routes.ts), so a page or route added tomorrow is checked tomorrow:
//   - org-scoped ([org] in the path): a signed-in user of organization A gets 404 from
//     organization B's version, for GET on pages and every exported method on routes, and B is
//     unchanged afterwards; the same user gets 200 from A's pages and GET routes (so the 404 is
//     the guard, not a broken page);
//   - every route that is not in the public list answers 401 or 404 without a session;
//   - super-admin pages answer 404 to a tenant user;
//   - public pages and routes answer without a session, never with a 500;
//   - static metadata files (app/icon.svg, app/favicon.ico) are public: 200 without a session.
// A file it cannot classify (a dynamic segment outside [org] it has no rule for, a route without
// a recognisable method export, a metadata route) fails the first test. Server actions have their
// own spec: e2e/isolation-actions.spec.ts.
import { expect, test, type APIRequestContext, type APIResponse } from '@playwright/test'
import { fillPattern, listAppRoutes, type AppRoute, type HttpMethod } from './app-routes'
import { submitPageForm } from './forms'
import { demoLogin, signUpWithOrganization, testClientIp, type ApiOwner } from './fixtures'

/** Route handlers anyone may call without a session. Each must exist in app/ (checked below). */
const PUBLIC_ROUTES = [
  '/api/healthz', // probes
  '/api/readyz',
  '/api/inngest', // called by Inngest (signed); 404 when jobs run embedded
  '/api/auth/oauth/[provider]', // OAuth sign-in: start, and the provider's redirect back
  '/api/auth/oauth/[provider]/callback',
  '/.well-known/jwks.json', // license verification keys
  '/api/webhooks/stripe', // Stripe's deliveries, authenticated by their signature
]

/** Dynamic segments of public routes, with the value the tests use. */
const PUBLIC_PARAMS: Record<string, string> = { provider: 'github' }

/** Pages anyone may open without a session (marketing and the sign-in/sign-up flows). Each must exist. */
const PUBLIC_PAGES = ['/', '/pricing', '/signin', '/signup', '/forgot-password', '/reset-password', '/verify', '/invite']

/** Pages and routes below these are for super-admins only: anyone else gets 404. Each prefix must match something. */
const SUPER_ADMIN_PREFIXES = ['/admin', '/api/admin', '/mfa']

/** Dynamic segments outside [org] that a class accounts for (the admin console's own ids). */
const SUPER_ADMIN_PARAMS = new Set(['id'])

type RouteClass = 'org' | 'public' | 'super-admin' | 'signed-in'

function classify(route: AppRoute): RouteClass | { unknown: string } {
  if (route.kind === 'metadata' && route.params.length === 0) return 'public'
  if (route.params.includes('org')) return 'org'
  const isPublic = (route.kind === 'page' ? PUBLIC_PAGES : PUBLIC_ROUTES).includes(route.pattern)
  const isSuperAdmin = SUPER_ADMIN_PREFIXES.some((prefix) => route.pattern === prefix || route.pattern.startsWith(`${prefix}/`))
  const strayParams = route.params.filter((p) => !(isSuperAdmin && SUPER_ADMIN_PARAMS.has(p)) && !(isPublic && p in PUBLIC_PARAMS))
  if (strayParams.length) {
    return {
      unknown:
        `dynamic segment [${strayParams.join('], [')}] outside [org]: say how it is scoped to its owner (a class in ` +
        `e2e/isolation.spec.ts)`,
    }
  }
  if (isPublic) return 'public'
  if (isSuperAdmin) return 'super-admin'
  return 'signed-in'
}

const { routes, unknown } = listAppRoutes()
const classified = routes.map((route) => ({ route, cls: classify(route) }))
const ofClass = (cls: RouteClass) => classified.filter((c) => c.cls === cls).map((c) => c.route)

/** A body with every field some route of ours reads, so a missing guard would make the change happen, not a 422. */
function hijackBody(victim: ApiOwner) {
  return {
    name: 'Pwned by A',
    slug: 'pwned-by-a',
    email: 'intruder@example.test',
    role: 'OWNER',
    confirmation: victim.slug,
    token: 'x',
    planId: 'free',
  }
}

async function send(request: APIRequestContext, method: HttpMethod, url: string, data?: object): Promise<APIResponse> {
  return request.fetch(url, { method, maxRedirects: 0, ...(method === 'GET' || method === 'HEAD' ? {} : { data: data ?? {} }) })
}

const isRedirectToSignIn = (response: APIResponse) =>
  [302, 303, 307, 308].includes(response.status()) && (response.headers().location ?? '').startsWith('/signin')

let a: ApiOwner
let b: ApiOwner
let anonymous: APIRequestContext

test.beforeAll(async ({ playwright, baseURL }) => {
  a = await signUpWithOrganization(playwright, baseURL!, 'iso-a')
  b = await signUpWithOrganization(playwright, baseURL!, 'iso-b')
  anonymous = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL!, 'x-forwarded-for': testClientIp() } })
})
test.afterAll(async () => {
  await Promise.all([a?.request.dispose(), b?.request.dispose(), anonymous?.dispose()])
})

test('every page and route handler in app/ is classified, and the explicit lists match the filesystem', () => {
  expect(routes.length).toBeGreaterThan(30)
  expect(unknown, 'files Next serves that e2e/app-routes.ts does not understand').toEqual([])
  expect(
    classified.filter((c) => typeof c.cls === 'object').map((c) => `${c.route.file}: ${(c.cls as { unknown: string }).unknown}`),
  ).toEqual([])
  const pages = new Set(routes.filter((r) => r.kind === 'page').map((r) => r.pattern))
  const handlers = new Set(routes.filter((r) => r.kind === 'route').map((r) => r.pattern))
  expect(
    PUBLIC_PAGES.filter((p) => !pages.has(p)),
    'public pages without a page file',
  ).toEqual([])
  expect(
    PUBLIC_ROUTES.filter((p) => !handlers.has(p)),
    'public routes without a route file',
  ).toEqual([])
  expect(
    SUPER_ADMIN_PREFIXES.filter((prefix) => !routes.some((r) => r.pattern === prefix || r.pattern.startsWith(`${prefix}/`))),
    'super-admin prefixes matching nothing',
  ).toEqual([])
  expect(ofClass('org').length).toBeGreaterThanOrEqual(8)
})

/**
 * Rows of another organization for the segments beyond [org]: a fresh organization has no
 * invoice, so an invoice page is tried on the seeded acme with one of acme's real invoice ids
 * (read as its owner), never a made-up id that would 404 whatever the guard does.
 */
async function foreignRows(
  baseURL: string,
  playwright: Parameters<typeof signUpWithOrganization>[0],
): Promise<{ org: string; id: string }> {
  const owner = await playwright.request.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL, 'x-forwarded-for': testClientIp() } })
  try {
    const signIn = await submitPageForm(owner, '/signin', 'Sign in', { email: 'alice@acme.test', password: demoLogin().demoPassword })
    expect(new URL(signIn.url()).pathname, 'signed in, not sent back to the sign-in page').not.toBe('/signin')
    const list = await (await owner.get('/acme/invoices')).text()
    const id = /\/acme\/invoices\/([A-Za-z0-9_-]+)/.exec(list)?.[1]
    expect(id, 'a seeded invoice of acme').toBeTruthy()
    expect((await owner.get(`/acme/invoices/${id}`)).status()).toBe(200)
    return { org: 'acme', id: id! }
  } finally {
    await owner.dispose()
  }
}

test('a user of organization A gets 404 from every page and route of organization B, and B is unchanged', async ({
  playwright,
  baseURL,
}) => {
  test.setTimeout(120_000)
  const failures: string[] = []
  const onB = { org: b.slug, userId: b.userId }
  const foreign = await foreignRows(baseURL!, playwright)
  for (const route of ofClass('org')) {
    for (const method of route.methods) {
      const url = fillPattern(route.pattern, route.params.includes('id') ? foreign : onB)
      const response = await send(a.request, method, url, hijackBody(b))
      if (response.status() !== 404) failures.push(`${method} ${url} (${route.file}) answered ${response.status()}`)
    }
  }
  expect(failures).toEqual([])

  // Nothing happened to B: its owner is still an owner, its name, members and schedule are as they were.
  const settings = await (await send(b.request, 'GET', `/${b.slug}/settings`)).text()
  expect(settings).toContain(b.orgName)
  expect(settings).not.toContain('Pwned')
  expect(settings).not.toContain('scheduled for deletion')
  const members = await send(b.request, 'GET', `/${b.slug}/members`)
  expect(members.status()).toBe(200)
  const html = await members.text()
  expect(html).toContain(b.email)
  expect(html).not.toContain('intruder@example.test')
  expect(html).not.toContain(a.email)
})

test('the same user gets 200 from the pages and GET routes of their own organization (the 404s above are the guard)', async () => {
  const failures: string[] = []
  for (const route of ofClass('org')) {
    if (!route.methods.includes('GET')) continue
    if (route.params.some((p) => p !== 'org')) continue // needs a row of A's (e.g. a member id); covered by the 404 test
    const url = fillPattern(route.pattern, { org: a.slug })
    const response = await send(a.request, 'GET', url)
    if (response.status() !== 200) failures.push(`GET ${url} (${route.file}) answered ${response.status()}`)
  }
  expect(failures).toEqual([])
})

test('without a session, every route that is not public answers 401 or 404, and no page but the public ones renders', async () => {
  test.setTimeout(120_000)
  const failures: string[] = []
  const values = { org: b.slug, userId: b.userId, id: 'anything' }
  for (const { route, cls } of classified) {
    if (cls === 'public') continue
    for (const method of route.methods) {
      const url = fillPattern(route.pattern, values)
      const response = await send(anonymous, method, url, hijackBody(b))
      const ok = route.kind === 'route' ? [401, 404].includes(response.status()) : response.status() === 404 || isRedirectToSignIn(response)
      if (!ok) failures.push(`${method} ${url} (${route.file}, ${cls}) answered ${response.status()} ${response.headers().location ?? ''}`)
    }
  }
  expect(failures).toEqual([])
})

test('super-admin pages and routes answer 404 to a tenant user', async () => {
  const failures: string[] = []
  for (const route of ofClass('super-admin')) {
    for (const method of route.methods) {
      const url = fillPattern(route.pattern, { id: 'anything' })
      const response = await send(a.request, method, url, {})
      if (response.status() !== 404) failures.push(`${method} ${url} (${route.file}) answered ${response.status()}`)
    }
  }
  expect(failures).toEqual([])
})

test('public pages render without a session, and public routes never answer 500 to an empty request', async () => {
  const failures: string[] = []
  for (const route of ofClass('public')) {
    for (const method of route.methods) {
      const url = fillPattern(route.pattern, PUBLIC_PARAMS)
      const response = await send(anonymous, method, url, {})
      const ok =
        route.kind === 'page' || route.kind === 'metadata'
          ? response.status() === 200
          : response.status() < 500 || (route.pattern === '/api/readyz' && response.status() === 503)
      if (!ok) failures.push(`${method} ${url} (${route.file}) answered ${response.status()}`)
    }
  }
  expect(failures).toEqual([])
})
