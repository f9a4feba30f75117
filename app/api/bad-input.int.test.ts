// Malformed input through the HTTP layer: the real route handlers (sign-up, sign-in, password
// reset, email verification, the wizard's organization step and live address check, the
// organization's address) called with `Request`s against a test database. The organization forms'
// rows (rename, custom domain, invitations, member roles) are in app/_actions/orgs/bad-input.int.test.ts.
// Every row must get 422 (or 400) with a clear message on the field it names, never a 500, and
// must leave no row behind in the tables the routes write to.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '@/lib/testing/test-db'
import { RouteClient, type CallOptions, type RouteHandler } from '@/lib/testing/route-client'
import { recordJobs } from '@/lib/orgs/testing/fixtures'
import { EMAIL_TAKEN_MESSAGE } from '@/lib/auth/sign-up'
import { POST as signUpRoute } from './auth/sign-up/route'
import { POST as signInRoute } from './auth/sign-in/route'
import { POST as resetRequestRoute } from './auth/password-reset/request/route'
import { POST as resetConfirmRoute } from './auth/password-reset/confirm/route'
import { POST as verifyEmailRoute } from './auth/verify-email/route'
import { POST as organizationStepRoute } from './signup/organization/route'
import { POST as planStepRoute } from './signup/plan/route'
import { POST as startRoute } from './signup/start/route'
import { GET as checkSlugRoute } from './signup/check-slug/route'
import { POST as slugRoute } from './orgs/[org]/slug/route'

let database: TestDatabase
let jobs: ReturnType<typeof recordJobs>
let owner: RouteClient
let ownerId: string
const slug = 'bad-input-org'
const slugWithoutInstance = 'bad-input-bare'

const STRONG = 'Correct-Horse-Battery-42'

beforeAll(async () => {
  database = await createTestDatabase()
  jobs = recordJobs()
  // A signed-in owner of an organization with an instance (through the wizard's routes), and of a
  // second one without (whose address can still change).
  owner = new RouteClient()
  const signUp = await owner.call(signUpRoute as RouteHandler, '/api/auth/sign-up', {
    json: { email: 'owner@bad-input.test', password: STRONG, name: 'Owner' },
  })
  expect(signUp.status).toBe(200)
  ownerId = (signUp.body.data as { userId: string }).userId
  expect(
    (await owner.call(organizationStepRoute as RouteHandler, '/api/signup/organization', { json: { name: 'Bad Input Org', slug } })).status,
  ).toBe(200)
  expect((await owner.call(planStepRoute as RouteHandler, '/api/signup/plan', { json: { planId: 'free' } })).status).toBe(200)
  expect((await owner.call(startRoute as RouteHandler, '/api/signup/start', { json: {} })).status).toBe(200)
  await database.db.organization.create({
    data: { name: 'Bare', slug: slugWithoutInstance, memberships: { create: { userId: ownerId, role: 'OWNER' } } },
  })
})
afterAll(async () => {
  jobs?.stop()
  await database?.close()
})

/** Rows of every table the routes under test create. */
async function rowCounts() {
  const db = database.db
  const [users, organizations, memberships, tenants, invitations, subscriptions, sessions] = await Promise.all([
    db.user.count(),
    db.organization.count(),
    db.membership.count(),
    db.tenant.count(),
    db.invitation.count(),
    db.subscription.count(),
    db.session.count(),
  ])
  return { users, organizations, memberships, tenants, invitations, subscriptions, sessions }
}

type Target = {
  handler: RouteHandler
  path: string
  method?: string
  signedIn?: boolean
  params?: Record<string, string>
  base?: Record<string, unknown>
}

const freshEmail = () => `new-${Math.random().toString(36).slice(2, 10)}@example.test`

const targets = {
  signUp: { handler: signUpRoute as RouteHandler, path: '/api/auth/sign-up', base: { email: '<fresh>', password: STRONG, name: 'Ann' } },
  signIn: { handler: signInRoute as RouteHandler, path: '/api/auth/sign-in', base: { email: 'owner@bad-input.test', password: STRONG } },
  resetRequest: {
    handler: resetRequestRoute as RouteHandler,
    path: '/api/auth/password-reset/request',
    base: { email: 'owner@bad-input.test' },
  },
  resetConfirm: {
    handler: resetConfirmRoute as RouteHandler,
    path: '/api/auth/password-reset/confirm',
    base: { token: 'a'.repeat(43), password: STRONG },
  },
  verifyEmail: { handler: verifyEmailRoute as RouteHandler, path: '/api/auth/verify-email', base: { token: 'a'.repeat(43) } },
  organizationStep: {
    handler: organizationStepRoute as RouteHandler,
    path: '/api/signup/organization',
    signedIn: true,
    base: { name: 'Fine Name', slug: 'fine-slug' },
  },
  changeSlug: {
    handler: slugRoute as RouteHandler,
    path: `/api/orgs/${slugWithoutInstance}/slug`,
    signedIn: true,
    params: { org: slugWithoutInstance },
    base: { slug: 'fine-slug' },
  },
} satisfies Record<string, Target>

const OMIT = Symbol('omit')
type Row = [label: string, target: keyof typeof targets, override: Record<string, unknown> | { body: unknown }, field: string]

const long = (n: number, c = 'a') => c.repeat(n)

// prettier-ignore
const rows: Row[] = [
  // sign-up: emails
  ['sign-up, email missing', 'signUp', { email: OMIT }, 'email'],
  ['sign-up, email empty', 'signUp', { email: '' }, 'email'],
  ['sign-up, email only spaces', 'signUp', { email: '   ' }, 'email'],
  ['sign-up, email without @', 'signUp', { email: 'not-an-email' }, 'email'],
  ['sign-up, email with a space inside', 'signUp', { email: 'ann smith@example.com' }, 'email'],
  ['sign-up, email with a space in the domain', 'signUp', { email: 'ann@exa mple.com' }, 'email'],
  ['sign-up, email with a unicode local part', 'signUp', { email: 'jürgen@example.com' }, 'email'],
  ['sign-up, email with a unicode domain', 'signUp', { email: 'ann@exämple.com' }, 'email'],
  ['sign-up, email with an emoji', 'signUp', { email: '🦄@example.com' }, 'email'],
  ['sign-up, email local part over 64 characters', 'signUp', { email: `${long(65)}@example.com` }, 'email'],
  ['sign-up, email over 254 characters', 'signUp', { email: `${long(60)}@${long(200, 'b')}.com` }, 'email'],
  ['sign-up, email as HTML', 'signUp', { email: '<script>alert(1)</script>@example.com' }, 'email'],
  ['sign-up, email as SQL', 'signUp', { email: `x'; DROP TABLE "User"; --@example.com` }, 'email'],
  ['sign-up, email as a number', 'signUp', { email: 42 }, 'email'],
  ['sign-up, email null', 'signUp', { email: null }, 'email'],
  ['sign-up, email as an array', 'signUp', { email: ['ann@example.com'] }, 'email'],
  ['sign-up, email as an object', 'signUp', { email: { $ne: '' } }, 'email'],
  // sign-up: passwords
  ['sign-up, password missing', 'signUp', { password: OMIT }, 'password'],
  ['sign-up, password empty', 'signUp', { password: '' }, 'password'],
  ['sign-up, password of 7 characters', 'signUp', { password: 'Xy7#kLm' }, 'password'],
  ['sign-up, common password', 'signUp', { password: 'password1' }, 'password'],
  ['sign-up, password over 128 characters', 'signUp', { password: long(129, 'Zq9!') }, 'password'],
  ['sign-up, password as a number', 'signUp', { password: 12345678901 }, 'password'],
  ['sign-up, password as an array', 'signUp', { password: [STRONG] }, 'password'],
  ['sign-up, password equal to the email', 'signUp', { email: 'samesame@example.test', password: 'samesame@example.test' }, 'password'],
  // sign-up: names
  ['sign-up, name over 100 characters', 'signUp', { name: long(101, 'N') }, 'name'],
  ['sign-up, name with a line break', 'signUp', { name: 'Eve\nMallory' }, 'name'],
  ['sign-up, name with a NUL byte', 'signUp', { name: 'Eve\u0000' }, 'name'],
  ['sign-up, name with a right-to-left override', 'signUp', { name: 'Eve\u202Egnp.exe' }, 'name'],
  ['sign-up, name as a number', 'signUp', { name: 42 }, 'name'],
  ['sign-up, name as an object', 'signUp', { name: { first: 'Eve' } }, 'name'],
  // sign-up: the body itself
  ['sign-up, body is an array', 'signUp', { body: [] }, '_form'],
  ['sign-up, body is a string', 'signUp', { body: 'ann@example.com' }, '_form'],
  ['sign-up, body is null', 'signUp', { body: null }, '_form'],
  // sign-in
  ['sign-in, email missing', 'signIn', { email: OMIT }, 'email'],
  ['sign-in, email as a number', 'signIn', { email: 7 }, 'email'],
  ['sign-in, email of 400 characters', 'signIn', { email: `${long(400)}@example.com` }, 'email'],
  ['sign-in, password missing', 'signIn', { password: OMIT }, 'password'],
  ['sign-in, password as an object', 'signIn', { password: { $gt: '' } }, 'password'],
  ['sign-in, password of 2,000 characters', 'signIn', { password: long(2000) }, 'password'],
  // password reset
  ['reset request, email missing', 'resetRequest', { email: OMIT }, 'email'],
  ['reset request, email malformed', 'resetRequest', { email: 'owner(at)bad-input.test' }, 'email'],
  ['reset request, email as HTML', 'resetRequest', { email: '<img src=x onerror=alert(1)>' }, 'email'],
  ['reset request, email as an array', 'resetRequest', { email: ['owner@bad-input.test'] }, 'email'],
  ['reset confirm, token missing', 'resetConfirm', { token: OMIT }, 'token'],
  ['reset confirm, token as a number', 'resetConfirm', { token: 1234 }, 'token'],
  ['reset confirm, token of 300 characters', 'resetConfirm', { token: long(300) }, 'token'],
  ['reset confirm, unknown token', 'resetConfirm', { token: `' OR 1=1 --` }, 'token'],
  ['reset confirm, password missing', 'resetConfirm', { password: OMIT }, 'password'],
  // email verification
  ['verify email, token missing', 'verifyEmail', { token: OMIT }, 'token'],
  ['verify email, token as an array', 'verifyEmail', { token: ['a'] }, 'token'],
  ['verify email, unknown token', 'verifyEmail', { token: '<script>' }, 'token'],
  // the wizard's organization step
  ['organization step, name missing', 'organizationStep', { name: OMIT }, 'name'],
  ['organization step, name empty', 'organizationStep', { name: '' }, 'name'],
  ['organization step, name only spaces', 'organizationStep', { name: '    ' }, 'name'],
  ['organization step, name over the limit', 'organizationStep', { name: long(300, 'N') }, 'name'],
  ['organization step, name with a line break', 'organizationStep', { name: 'Acme\nInc' }, 'name'],
  ['organization step, name as a number', 'organizationStep', { name: 42 }, 'name'],
  ['organization step, slug with capitals', 'organizationStep', { slug: 'Acme' }, 'slug'],
  ['organization step, slug with a space', 'organizationStep', { slug: 'ac me' }, 'slug'],
  ['organization step, slug with an umlaut', 'organizationStep', { slug: 'äcme' }, 'slug'],
  ['organization step, slug with an emoji', 'organizationStep', { slug: 'rocket-🚀' }, 'slug'],
  ['organization step, slug "admin"', 'organizationStep', { slug: 'admin' }, 'slug'],
  ['organization step, slug "api"', 'organizationStep', { slug: 'api' }, 'slug'],
  ['organization step, slug "www"', 'organizationStep', { slug: 'www' }, 'slug'],
  ['organization step, slug "app"', 'organizationStep', { slug: 'app' }, 'slug'],
  ['organization step, slug "kube-system"', 'organizationStep', { slug: 'kube-system' }, 'slug'],
  ['organization step, slug "default"', 'organizationStep', { slug: 'default' }, 'slug'],
  ['organization step, slug "tenancy"', 'organizationStep', { slug: 'tenancy' }, 'slug'],
  ['organization step, name "Admin" and no slug (derived: reserved)', 'organizationStep', { name: 'Admin', slug: OMIT }, 'slug'],
  ['organization step, slug starting with a hyphen', 'organizationStep', { slug: '-acme' }, 'slug'],
  ['organization step, slug ending with a hyphen', 'organizationStep', { slug: 'acme-' }, 'slug'],
  ['organization step, slug of 2 characters', 'organizationStep', { slug: 'ab' }, 'slug'],
  ['organization step, slug of 41 characters', 'organizationStep', { slug: long(41) }, 'slug'],
  ['organization step, slug as HTML', 'organizationStep', { slug: '<b>acme</b>' }, 'slug'],
  ['organization step, slug as SQL', 'organizationStep', { slug: `acme'; DELETE FROM "Organization"; --` }, 'slug'],
  ['organization step, punycode-looking slug', 'organizationStep', { slug: 'xn--acme' }, 'slug'],
  ['organization step, slug already taken', 'organizationStep', { slug }, 'slug'],
  ['organization step, slug as a number', 'organizationStep', { slug: 4242 }, 'slug'],
  // organization settings
  ['change address, slug "admin"', 'changeSlug', { slug: 'admin' }, 'slug'],
  ['change address, slug "kube-public"', 'changeSlug', { slug: 'kube-public' }, 'slug'],
  ['change address, slug with a space', 'changeSlug', { slug: 'my org' }, 'slug'],
  ['change address, slug of 60 characters', 'changeSlug', { slug: long(60) }, 'slug'],
  ['change address, slug missing', 'changeSlug', { slug: OMIT }, 'slug'],
]

/** zod's built-in messages: correct, but not what a person should read next to a field. */
const GENERIC_MESSAGE = /invalid input|expected \w+, received|too (big|small)|invalid (string|option|enum|type)|^required$/i

function bodyFor(target: Target, override: Row[2]): unknown {
  if ('body' in override) return override.body
  const body: Record<string, unknown> = {}
  for (const [key, value] of Object.entries({ ...target.base, ...override })) {
    if (value === OMIT) continue
    body[key] = value === '<fresh>' ? freshEmail() : value
  }
  return body
}

async function send(target: Target, json: unknown, client: RouteClient) {
  const path = target.path.replace('<owner>', ownerId)
  const params = Object.fromEntries(Object.entries(target.params ?? {}).map(([k, v]) => [k, v.replace('<owner>', ownerId)]))
  const options: CallOptions = { method: target.method ?? 'POST', json, params }
  return client.call(target.handler, path, options)
}

describe('malformed input through the route handlers', () => {
  it(`has at least 50 rows (${rows.length})`, () => {
    expect(rows.length).toBeGreaterThanOrEqual(50)
    expect(new Set(rows.map((r) => r[0])).size).toBe(rows.length)
  })

  const cases = rows.map(([label, target, override, field]) => ({ label, target, override, field }))
  it.each(cases)('$label → 422, error on "$field"', async ({ target: targetName, override, field }) => {
    const target: Target = targets[targetName]
    // Anonymous routes: a new visitor (own address, so the per-IP limits of one row do not leak into the next).
    const client = target.signedIn ? owner : new RouteClient()
    const before = await rowCounts()
    const response = await send(target, bodyFor(target, override), client)

    expect(response.status, JSON.stringify(response.body)).toBe(422)
    expect(response.body.ok).toBe(false)
    const messages = response.body.fieldErrors?.[field]
    expect(messages, `field errors: ${JSON.stringify(response.body.fieldErrors)}`).toBeDefined()
    for (const message of [...messages!, response.body.message!]) {
      expect(message.length).toBeGreaterThan(5)
      expect(message).not.toMatch(GENERIC_MESSAGE)
    }
    expect(await rowCounts()).toEqual(before)
  })

  it('the live address check answers 422 with the reason for a malformed or reserved address, 200 for a taken or free one', async () => {
    for (const bad of ['ADMIN', 'kube-public', '', 'a b', long(201), 'www', '😀']) {
      const response = await owner.call(checkSlugRoute as RouteHandler, '/api/signup/check-slug', { query: { slug: bad } })
      expect(response.status, bad).toBe(422)
      expect(response.body.fieldErrors?.slug?.[0], bad).toMatch(/\w{4,}/)
      expect(response.body.fieldErrors!.slug![0]).not.toMatch(GENERIC_MESSAGE)
    }
    const taken = await owner.call(checkSlugRoute as RouteHandler, '/api/signup/check-slug', { query: { slug } })
    expect(taken).toMatchObject({ status: 200, body: { data: { slug, isAvailable: false, reason: 'This address is already taken' } } })
    const free = await owner.call(checkSlugRoute as RouteHandler, '/api/signup/check-slug', { query: { slug: 'free-as-a-bird' } })
    expect(free).toMatchObject({ status: 200, body: { data: { isAvailable: true } } })
  })

  it('a body that is not JSON is a 400 with a message, not a 500', async () => {
    const before = await rowCounts()
    for (const [raw, contentType] of [
      ['{"email": "ann@example.com",', 'application/json'],
      ['email=ann', 'text/plain'],
      ['', 'application/json'],
    ] as const) {
      const response = await new RouteClient().call(signUpRoute as RouteHandler, '/api/auth/sign-up', { raw, contentType })
      expect(response.status, raw).toBe(400)
      expect(response.body.message).toMatch(/JSON|form/)
    }
    expect(await rowCounts()).toEqual(before)
  })

  it('refuses a second account for the same email, however it is written, with a clear message', async () => {
    const visitor = new RouteClient()
    const first = await visitor.call(signUpRoute as RouteHandler, '/api/auth/sign-up', {
      json: { email: 'twice@example.test', password: STRONG },
    })
    expect(first.status).toBe(200)
    const before = await rowCounts()
    for (const email of ['twice@example.test', '  TWICE@Example.Test ']) {
      const again = await new RouteClient().call(signUpRoute as RouteHandler, '/api/auth/sign-up', {
        json: { email, password: 'Another-Fine-Passphrase-7' },
      })
      expect(again.status).toBe(422)
      expect(again.body.fieldErrors).toEqual({ email: [EMAIL_TAKEN_MESSAGE] })
      expect(again.headers.getSetCookie()).toEqual([]) // no session for the refused sign-up
    }
    expect(await rowCounts()).toEqual(before)
  })
})
