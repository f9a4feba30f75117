// Malformed input through the sign-in and sign-up forms' server actions (sign-up, sign-in,
// password reset, email verification, the wizard's organization step, and the wizard's live
// address check, which stays a route), submitted in-process
// as the browser submits a form, against a test database. Every row must be refused as VALIDATION
// with a clear message on the field it names, never INTERNAL, and must leave no row behind in the
// tables the actions write to.
// The rows came from app/api/bad-input.int.test.ts when these forms moved from route handlers to
// actions, with the same values where a form can carry them. A form carries text only: a number is
// sent as its digits where they are still refused, and sent twice otherwise (a list, not one string),
// as is an array; `null` is sent as its text; an object as the field a form would name for it
// (`email[$ne]`, so the field itself is missing). The three rows that sent a body that is not an
// object (an array, a string, null) send what a form can instead: no fields, a value without a
// name, and only fields the form does not have. Sign-up's "name as an object" has no form
// equivalent (the name is optional, and `name[first]` is another field), so it is not here.
import { describe, expect, it, beforeAll } from 'vitest'
import { useTestDatabase } from '@/lib/testing/use-test-database'
import { expectFieldRefusal, GENERIC_MESSAGE, rowCounts } from '@/lib/testing/bad-input'
import { RouteClient, type RouteHandler, type ServerAction } from '@/lib/testing/route-client'
import { sessionCookieName } from '@/app/_server/session'
import { GET as checkSlugRoute } from '@/app/api/signup/check-slug/route'
import { signUpAction } from './sign-up'
import { signInAction } from './sign-in'
import { requestPasswordResetAction } from './request-password-reset'
import { resetPasswordAction } from './reset-password'
import { verifyEmailAction } from './verify-email'
import { saveAppStepAction } from '../onboarding/save-app-step'
import { saveOrganizationStepAction } from '../onboarding/save-organization-step'
import { savePlanStepAction } from '../onboarding/save-plan-step'
import { completeSignupAction } from '../onboarding/complete-signup'

const database = useTestDatabase()
let owner: RouteClient
const slug = 'bad-input-org'

const STRONG = 'Correct-Horse-Battery-42'

beforeAll(async () => {
  // A signed-in owner of an organization with an instance, through the wizard's actions.
  owner = new RouteClient()
  const signUp = await owner.act(signUpAction, { email: 'owner@bad-input.test', password: STRONG, name: 'Owner' })
  expect(signUp.result, JSON.stringify(signUp)).toMatchObject({ ok: true })
  // The account exists once the link of the email is followed (in this browser: signed in).
  const mail = database.jobs.sent.find((e) => (e.data as { template?: string }).template === 'verify-email')
  const link = new URL((mail!.data as { data: { url: string } }).data.url)
  expect((await owner.act(verifyEmailAction, { token: link.searchParams.get('token')! })).result).toMatchObject({ ok: true })
  expect((await owner.act(saveAppStepAction, { appId: 'generic' })).redirect).toBe('/signup/organization')
  expect((await owner.act(saveOrganizationStepAction, { name: 'Bad Input Org', slug })).redirect).toBe('/signup/plan')
  expect((await owner.act(savePlanStepAction, { planId: 'free' })).redirect).toBe('/signup/review')
  expect((await owner.act(completeSignupAction)).redirect).toBe(`/${slug}/provisioning`)
})

type Target = { action: ServerAction; signedIn?: boolean; base: Record<string, string> }

const freshEmail = () => `new-${Math.random().toString(36).slice(2, 10)}@example.test`

const targets = {
  signUp: { action: signUpAction, base: { email: '<fresh>', password: STRONG, name: 'Ann' } },
  signIn: { action: signInAction, base: { email: 'owner@bad-input.test', password: STRONG } },
  resetRequest: { action: requestPasswordResetAction, base: { email: 'owner@bad-input.test' } },
  resetConfirm: { action: resetPasswordAction, base: { token: 'a'.repeat(43), password: STRONG } },
  verifyEmail: { action: verifyEmailAction, base: { token: 'a'.repeat(43) } },
  appStep: { action: saveAppStepAction, signedIn: true, base: { appId: 'generic' } },
  organizationStep: { action: saveOrganizationStepAction, signedIn: true, base: { name: 'Fine Name', slug: 'fine-slug' } },
} satisfies Record<string, Target>

const OMIT = Symbol('omit')
type Override = Record<string, string | string[] | typeof OMIT>
type Row = [label: string, target: keyof typeof targets, override: Override, field: string]

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
  ['sign-up, email as a number', 'signUp', { email: '42' }, 'email'],
  ['sign-up, email "null"', 'signUp', { email: 'null' }, 'email'],
  ['sign-up, email sent twice (an array)', 'signUp', { email: ['ann@example.com', 'ann@example.com'] }, 'email'],
  ['sign-up, email as an object (email[$ne])', 'signUp', { email: OMIT, 'email[$ne]': '' }, 'email'],
  // sign-up: passwords
  ['sign-up, password missing', 'signUp', { password: OMIT }, 'password'],
  ['sign-up, password empty', 'signUp', { password: '' }, 'password'],
  ['sign-up, password of 7 characters', 'signUp', { password: 'Xy7#kLm' }, 'password'],
  ['sign-up, common password', 'signUp', { password: 'password1' }, 'password'],
  ['sign-up, password over 128 characters', 'signUp', { password: long(129, 'Zq9!') }, 'password'],
  ['sign-up, password as a number', 'signUp', { password: '12345678901' }, 'password'],
  ['sign-up, password sent twice (an array)', 'signUp', { password: [STRONG, STRONG] }, 'password'],
  ['sign-up, password equal to the email', 'signUp', { email: 'samesame@example.test', password: 'samesame@example.test' }, 'password'],
  // sign-up: names
  ['sign-up, name over 100 characters', 'signUp', { name: long(101, 'N') }, 'name'],
  ['sign-up, name with a line break', 'signUp', { name: 'Eve\nMallory' }, 'name'],
  ['sign-up, name with a NUL byte', 'signUp', { name: 'Eve\u0000' }, 'name'],
  ['sign-up, name with a right-to-left override', 'signUp', { name: 'Eve\u202Egnp.exe' }, 'name'],
  ['sign-up, name as a number, sent twice', 'signUp', { name: ['42', '42'] }, 'name'],
  // sign-up: what a form sends instead of a body that is not an object
  ['sign-up, no fields at all', 'signUp', { email: OMIT, password: OMIT, name: OMIT }, 'email'],
  ['sign-up, the address in a field without a name', 'signUp', { email: OMIT, password: OMIT, name: OMIT, '': 'ann@example.com' }, 'email'],
  ['sign-up, only fields it does not have', 'signUp', { email: OMIT, password: OMIT, mail: 'ann@example.com', pass: STRONG }, 'email'],
  // sign-in
  ['sign-in, email missing', 'signIn', { email: OMIT }, 'email'],
  ['sign-in, email as a number, sent twice', 'signIn', { email: ['7', '7'] }, 'email'],
  ['sign-in, email of 400 characters', 'signIn', { email: `${long(400)}@example.com` }, 'email'],
  ['sign-in, password missing', 'signIn', { password: OMIT }, 'password'],
  ['sign-in, password as an object (password[$gt])', 'signIn', { password: OMIT, 'password[$gt]': '' }, 'password'],
  ['sign-in, password of 2,000 characters', 'signIn', { password: long(2000) }, 'password'],
  ['sign-in, email with a NUL byte (was a 500)', 'signIn', { email: 'owner@bad-input.test\u0000' }, 'email'],
  ['sign-in, password with a NUL byte', 'signIn', { password: `${STRONG}\u0000` }, 'password'],
  // password reset
  ['reset request, email missing', 'resetRequest', { email: OMIT }, 'email'],
  ['reset request, email malformed', 'resetRequest', { email: 'owner(at)bad-input.test' }, 'email'],
  ['reset request, email as HTML', 'resetRequest', { email: '<img src=x onerror=alert(1)>' }, 'email'],
  ['reset request, email sent twice (an array)', 'resetRequest', { email: ['owner@bad-input.test', 'owner@bad-input.test'] }, 'email'],
  ['reset confirm, token missing', 'resetConfirm', { token: OMIT }, 'token'],
  ['reset confirm, token as a number', 'resetConfirm', { token: '1234' }, 'token'],
  ['reset confirm, token of 300 characters', 'resetConfirm', { token: long(300) }, 'token'],
  ['reset confirm, unknown token', 'resetConfirm', { token: `' OR 1=1 --` }, 'token'],
  ['reset confirm, password missing', 'resetConfirm', { password: OMIT }, 'password'],
  // email verification
  ['verify email, token missing', 'verifyEmail', { token: OMIT }, 'token'],
  ['verify email, token sent twice (an array)', 'verifyEmail', { token: ['a', 'a'] }, 'token'],
  ['verify email, unknown token', 'verifyEmail', { token: '<script>' }, 'token'],
  ['verify email, a forged sign-up link', 'verifyEmail', { token: long(300, 'A') }, 'token'],
  // the wizard's organization step
  ['app step, app missing', 'appStep', { appId: OMIT }, 'appId'],
  ['app step, app empty', 'appStep', { appId: '' }, 'appId'],
  ['app step, an app nobody sells', 'appStep', { appId: 'photo-prism' }, 'appId'],
  ['app step, an app with a line break', 'appStep', { appId: 'generic\n' }, 'appId'],
  ['app step, an app sent twice', 'appStep', { appId: ['generic', 'generic'] }, 'appId'],
  ['app step, an app id over the limit', 'appStep', { appId: long(300) }, 'appId'],
  ['organization step, name missing', 'organizationStep', { name: OMIT }, 'name'],
  ['organization step, name empty', 'organizationStep', { name: '' }, 'name'],
  ['organization step, name only spaces', 'organizationStep', { name: '    ' }, 'name'],
  ['organization step, name over the limit', 'organizationStep', { name: long(300, 'N') }, 'name'],
  ['organization step, name with a line break', 'organizationStep', { name: 'Acme\nInc' }, 'name'],
  ['organization step, name as a number, sent twice', 'organizationStep', { name: ['42', '42'] }, 'name'],
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
  ['organization step, slug as a number, sent twice', 'organizationStep', { slug: ['4242', '4242'] }, 'slug'],
]

function fieldsFor(target: Target, override: Override): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = {}
  for (const [key, value] of Object.entries({ ...target.base, ...override })) {
    if (value === OMIT) continue
    fields[key] = value === '<fresh>' ? freshEmail() : value
  }
  return fields
}

describe('malformed input through the sign-in and sign-up forms’ actions', () => {
  it(`has every row once (${rows.length})`, () => {
    expect(rows.length).toBe(87)
    expect(new Set(rows.map((r) => r[0])).size).toBe(rows.length)
  })

  const cases = rows.map(([label, target, override, field]) => ({ label, target, override, field }))
  it.each(cases)('$label → VALIDATION, error on "$field"', async ({ target: targetName, override, field }) => {
    const target: Target = targets[targetName]
    // Anonymous forms: a new visitor (own address, so the per-IP limits of one row do not leak into the next).
    const client = target.signedIn ? owner : new RouteClient()
    const before = await rowCounts(database.db)
    const outcome = await client.act(target.action, fieldsFor(target, override))

    const result = outcome.result as { ok: boolean; code?: string; message?: string; fieldErrors?: Record<string, string[]> }
    expect(result, JSON.stringify(outcome)).toMatchObject({ ok: false, code: 'VALIDATION' })
    expectFieldRefusal(result, field)
    expect(outcome.redirect).toBeUndefined()
    expect(outcome.refreshed).toBe(false)
    expect(await rowCounts(database.db)).toEqual(before)
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

  it('answers a second sign-up for the same email, however it is written, as the first: no error, no session, no account', async () => {
    const first = await new RouteClient().act(signUpAction, { email: 'twice@example.test', password: STRONG })
    const token = new URL((database.jobs.sent.at(-1)!.data as { data: { url: string } }).data.url).searchParams.get('token')!
    expect((await new RouteClient().act(verifyEmailAction, { token, password: STRONG })).result).toMatchObject({ ok: true })
    const before = await rowCounts(database.db)
    for (const email of ['twice@example.test', '  TWICE@Example.Test ']) {
      const visitor = new RouteClient()
      const again = await visitor.act(signUpAction, { email, password: 'Another-Fine-Passphrase-7' })
      expect(again.result).toMatchObject({ ok: true, data: first.result!.ok ? first.result!.data : 'not ok' })
      expect(visitor.cookies.has(sessionCookieName())).toBe(false)
    }
    expect(await rowCounts(database.db)).toEqual(before)
  })
})
