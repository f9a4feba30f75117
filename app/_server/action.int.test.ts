// The server-action glue (app/_server/action.ts) on a real action: origin check, 404 across
// organizations before any input is read, field errors with the submitted values echoed (never a
// secret), the use case's refusal, success with a page refresh.
import { beforeAll, describe, expect, it } from 'vitest'
import { renameOrganizationAction } from '@/app/_actions/orgs/rename-organization'
import { addMember, createOrgWithOwner, type TestOrg } from '@/lib/orgs/testing/fixtures'
import { useTestDatabase } from '@/lib/testing/use-test-database'
import { RouteClient } from '@/lib/testing/route-client'
import { signedInClient } from './testing/signed-in-client'

const database = useTestDatabase({ jobs: false })
let org: TestOrg
let other: TestOrg

beforeAll(async () => {
  org = await createOrgWithOwner(database.db, { name: 'Glue Org' })
  other = await createOrgWithOwner(database.db, { name: 'Other Org' })
})

const nameOf = async (id: string) => (await database.db.organization.findUniqueOrThrow({ where: { id } })).name

describe('server-action glue', () => {
  it('renames for an owner and asks for a refresh', async () => {
    const owner = await signedInClient(org.owner.id)
    const outcome = await owner.act(renameOrganizationAction, { org: org.slug, name: 'Glue Org Renamed' })
    expect(outcome.result).toMatchObject({ ok: true, data: { name: 'Glue Org Renamed' } })
    expect(outcome.refreshed).toBe(true)
    expect(await nameOf(org.id)).toBe('Glue Org Renamed')
  })

  it("answers NOT_FOUND for another organization's slug, a missing slug and no session, before reading the input", async () => {
    const owner = await signedInClient(org.owner.id)
    for (const [client, fields] of [
      [owner, { org: other.slug, name: 'Pwned' }],
      [owner, { org: other.slug, name: '' }],
      [owner, { name: 'Pwned' }],
      [new RouteClient(), { org: other.slug, name: 'Pwned' }],
    ] as const) {
      const outcome = await client.act(renameOrganizationAction, fields)
      expect(outcome.result).toMatchObject({ ok: false, code: 'NOT_FOUND', message: 'Organization not found' })
      expect(outcome.refreshed).toBe(false)
    }
    expect(await nameOf(other.id)).toBe('Other Org')
  })

  it('refuses a cross-site submission, and one without an Origin or Referer', async () => {
    const owner = await signedInClient(org.owner.id)
    const before = await nameOf(org.id)
    const crossSite = await owner.act(
      renameOrganizationAction,
      { org: org.slug, name: 'CSRF' },
      { headers: { origin: 'https://evil.example' } },
    )
    expect(crossSite.result).toMatchObject({ ok: false, code: 'FORBIDDEN', message: 'Cross-site request refused' })
    const bare = await owner.act(renameOrganizationAction, { org: org.slug, name: 'CSRF' }, { headers: { origin: 'null' } })
    expect(bare.result).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    expect(await nameOf(org.id)).toBe(before)
  })

  it('puts a bad value on its field and sends the submitted values back, never a secret', async () => {
    const owner = await signedInClient(org.owner.id)
    const outcome = await owner.act(renameOrganizationAction, { org: org.slug, name: '   ', password: 'hunter2-secret' })
    const result = outcome.result!
    if (result.ok) throw new Error('expected a refusal')
    expect(result.code).toBe('VALIDATION')
    expect(result.fieldErrors?.name?.[0]).toMatch(/name/i)
    expect(result.values).toEqual({ org: org.slug, name: '   ' })
  })

  it("passes the use case's refusal through: a member may not rename", async () => {
    const member = await addMember(database.db, org.id, 'MEMBER')
    const client = await signedInClient(member.id)
    const outcome = await client.act(renameOrganizationAction, { org: org.slug, name: 'By a member' })
    expect(outcome.result).toMatchObject({ ok: false, code: 'FORBIDDEN' })
  })
})
