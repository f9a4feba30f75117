// Malformed input through the HTTP layer: the real route handler of the organization's address
// called with `Request`s against a test database. The organization forms' rows (rename, custom
// domain, invitations, member roles) are in app/_actions/orgs/bad-input.int.test.ts; the sign-up's,
// sign-in's, password reset's, email verification's and the wizard's (and its live address check)
// in app/_actions/auth/bad-input.int.test.ts.
// Every row must get 422 (or 400) with a clear message on the field it names, never a 500, and
// must leave no row behind in the tables the routes write to.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { expectFieldRefusal, rowCounts } from '@/lib/testing/bad-input'
import { createTestDatabase, type TestDatabase } from '@/lib/testing/test-db'
import { RouteClient, type CallOptions, type RouteHandler } from '@/lib/testing/route-client'
import { recordJobs } from '@/lib/orgs/testing/fixtures'
import { createPasswordAccount } from '@/lib/auth/testing/fixtures'
import { signedInClient } from '@/app/_server/testing/signed-in-client'
import { POST as slugRoute } from './orgs/[org]/slug/route'

let database: TestDatabase
let jobs: ReturnType<typeof recordJobs>
let owner: RouteClient
let ownerId: string
const slugWithoutInstance = 'bad-input-bare'

const STRONG = 'Correct-Horse-Battery-42'

beforeAll(async () => {
  database = await createTestDatabase()
  jobs = recordJobs()
  // A signed-in owner (the wizard's forms are actions now: the account is made by the use case) of
  // an organization without an instance (whose address can still change).
  ownerId = (await createPasswordAccount({ email: 'owner@bad-input.test', password: STRONG, name: 'Owner' })).userId
  owner = await signedInClient(ownerId)
  await database.db.organization.create({
    data: { name: 'Bare', slug: slugWithoutInstance, memberships: { create: { userId: ownerId, role: 'OWNER' } } },
  })
})
afterAll(async () => {
  jobs?.stop()
  await database?.close()
})

type Target = {
  handler: RouteHandler
  path: string
  method?: string
  signedIn?: boolean
  params?: Record<string, string>
  base?: Record<string, unknown>
}

const targets = {
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
  // organization settings
  ['change address, slug "admin"', 'changeSlug', { slug: 'admin' }, 'slug'],
  ['change address, slug "kube-public"', 'changeSlug', { slug: 'kube-public' }, 'slug'],
  ['change address, slug with a space', 'changeSlug', { slug: 'my org' }, 'slug'],
  ['change address, slug of 60 characters', 'changeSlug', { slug: long(60) }, 'slug'],
  ['change address, slug missing', 'changeSlug', { slug: OMIT }, 'slug'],
]

function bodyFor(target: Target, override: Row[2]): unknown {
  if ('body' in override) return override.body
  const body: Record<string, unknown> = {}
  for (const [key, value] of Object.entries({ ...target.base, ...override })) {
    if (value === OMIT) continue
    body[key] = value
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
  it(`has every row once (${rows.length})`, () => {
    expect(rows.length).toBe(5)
    expect(new Set(rows.map((r) => r[0])).size).toBe(rows.length)
  })

  const cases = rows.map(([label, target, override, field]) => ({ label, target, override, field }))
  it.each(cases)('$label → 422, error on "$field"', async ({ target: targetName, override, field }) => {
    const target: Target = targets[targetName]
    // Anonymous routes: a new visitor (own address, so the per-IP limits of one row do not leak into the next).
    const client = target.signedIn ? owner : new RouteClient()
    const before = await rowCounts(database.db)
    const response = await send(target, bodyFor(target, override), client)

    expect(response.status, JSON.stringify(response.body)).toBe(422)
    expect(response.body.ok).toBe(false)
    expectFieldRefusal(response.body, field)
    expect(await rowCounts(database.db)).toEqual(before)
  })

  it('a body that is not JSON is a 400 with a message, not a 500', async () => {
    const before = await rowCounts(database.db)
    for (const [raw, contentType] of [
      ['{"email": "ann@example.com",', 'application/json'],
      ['email=ann', 'text/plain'],
      ['', 'application/json'],
    ] as const) {
      // The address route reads its body after the owner's membership; the sign-up that was asked here is an action now.
      const response = await owner.call(targets.changeSlug.handler, targets.changeSlug.path, {
        raw,
        contentType,
        params: targets.changeSlug.params,
      })
      expect(response.status, raw).toBe(400)
      expect(response.body.message).toMatch(/JSON|form/)
    }
    expect(await rowCounts(database.db)).toEqual(before)
  })
})
