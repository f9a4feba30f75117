// Malformed input through the organization forms' server actions (rename, custom domain,
// invitations, member roles), submitted in-process as the browser submits a form, by a signed-in
// owner against a test database. Every row must be refused as VALIDATION with a clear message on the
// field it names, never INTERNAL, and must leave no row behind in the tables the actions write to.
// The rows came from app/api/bad-input.int.test.ts when these forms moved from route handlers to
// actions. A form carries text only: a number is sent as its digits (still refused), and the row
// that sent a boolean name sends the field twice instead (what a tampered form can do; "true" is a
// fine name).
import { beforeAll, describe, expect, it } from 'vitest'
import { useTestDatabase } from '@/lib/testing/use-test-database'
import { expectFieldRefusal, rowCounts } from '@/lib/testing/bad-input'
import { createOrgWithOwner, createTenant, type TestOrg } from '@/lib/orgs/testing/fixtures'
import type { ServerAction } from '@/lib/testing/route-client'
import { signedInClient } from '@/app/_server/testing/signed-in-client'
import { renameOrganizationAction } from './rename-organization'
import { createInvitationAction } from './create-invitation'
import { changeMemberRoleAction } from './change-member-role'
import { setCustomDomainAction } from '../provisioning/set-custom-domain'

const database = useTestDatabase({ jobs: 'per-file' })
let org: TestOrg

beforeAll(async () => {
  org = await createOrgWithOwner(database.db, { name: 'Bad Input Org', slug: 'bad-input-org' })
  await createTenant(database.db, { orgId: org.id, slug: org.slug, planId: 'free', state: 'ACTIVE' })
})

type Target = { action: ServerAction; base: Record<string, string> }

const targets = {
  rename: { action: renameOrganizationAction, base: { name: 'Fine Name' } },
  customDomain: { action: setCustomDomainAction, base: { domain: 'app.example.com' } },
  invite: { action: createInvitationAction, base: { email: 'friend@example.test', role: 'MEMBER' } },
  memberRole: { action: changeMemberRoleAction, base: { userId: '<owner>', role: 'OWNER' } },
} satisfies Record<string, Target>

const OMIT = Symbol('omit')
type Row = [label: string, target: keyof typeof targets, override: Record<string, string | string[] | typeof OMIT>, field: string]

const long = (n: number, c = 'a') => c.repeat(n)

// prettier-ignore
const rows: Row[] = [
  // organization settings
  ['rename, name missing', 'rename', { name: OMIT }, 'name'],
  ['rename, name empty', 'rename', { name: '' }, 'name'],
  ['rename, name of 600 characters', 'rename', { name: long(600, 'N') }, 'name'],
  ['rename, name with a tab', 'rename', { name: 'Acme\tInc' }, 'name'],
  ['rename, name sent twice (a list, not one string)', 'rename', { name: ['Acme', 'Inc'] }, 'name'],
  ['custom domain, missing', 'customDomain', { domain: OMIT }, 'domain'],
  ['custom domain, empty', 'customDomain', { domain: '' }, 'domain'],
  ['custom domain, with a space', 'customDomain', { domain: 'my app.example.com' }, 'domain'],
  ['custom domain, a URL', 'customDomain', { domain: 'https://app.example.com/' }, 'domain'],
  ['custom domain, an IP address', 'customDomain', { domain: '192.168.1.10' }, 'domain'],
  ['custom domain, a wildcard', 'customDomain', { domain: '*.example.com' }, 'domain'],
  ['custom domain, under our base domain', 'customDomain', { domain: 'shop.tenants.localhost' }, 'domain'],
  ['custom domain, 300 characters', 'customDomain', { domain: `${long(296)}.com` }, 'domain'],
  ['custom domain, as a number', 'customDomain', { domain: '42' }, 'domain'],
  ['custom domain, as HTML', 'customDomain', { domain: '<img src=x>.example.com' }, 'domain'],
  // invitations and roles
  ['invite, email missing', 'invite', { email: OMIT }, 'email'],
  ['invite, email malformed', 'invite', { email: 'friend@' }, 'email'],
  ['invite, email as HTML', 'invite', { email: '<a href=//evil>x</a>@example.com' }, 'email'],
  ['invite, email as a number', 'invite', { email: '5' }, 'email'],
  ['invite, role unknown', 'invite', { role: 'KING' }, 'role'],
  ['invite, role missing', 'invite', { role: OMIT }, 'role'],
  ['invite, role lower-case SQL', 'invite', { role: `member' OR '1'='1` }, 'role'],
  ['member role, role unknown', 'memberRole', { role: 'superuser' }, 'role'],
  ['member role, role as a number', 'memberRole', { role: '1' }, 'role'],
]

function fieldsFor(target: Target, override: Row[2]): Record<string, string | string[]> {
  const fields: Record<string, string | string[]> = { org: org.slug }
  for (const [key, value] of Object.entries({ ...target.base, ...override })) {
    if (value === OMIT) continue
    fields[key] = value === '<owner>' ? org.owner.id : value
  }
  return fields
}

describe('malformed input through the organization forms’ actions', () => {
  it(`has every row once (${rows.length})`, () => {
    expect(rows.length).toBe(24)
    expect(new Set(rows.map((r) => r[0])).size).toBe(rows.length)
  })

  const cases = rows.map(([label, target, override, field]) => ({ label, target, override, field }))
  it.each(cases)('$label → VALIDATION, error on "$field"', async ({ target: targetName, override, field }) => {
    const target: Target = targets[targetName]
    const owner = await signedInClient(org.owner.id)
    const before = await rowCounts(database.db)
    const outcome = await owner.act(target.action, fieldsFor(target, override))

    const result = outcome.result as { ok: boolean; code?: string; message?: string; fieldErrors?: Record<string, string[]> }
    expect(result, JSON.stringify(outcome)).toMatchObject({ ok: false, code: 'VALIDATION' })
    expectFieldRefusal(result, field)
    expect(outcome.refreshed).toBe(false)
    expect(await rowCounts(database.db)).toEqual(before)
  })
})
