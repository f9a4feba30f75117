import { beforeAll, describe, expect, it } from 'vitest'
import { useTestDatabase } from '../testing/use-test-database'
import { expectAppError } from '../testing/expect-app-error'
import { listUserOrganizations, ORG_NOT_FOUND_MESSAGE, requireMembership, requireOrgRole } from './authorize'
import { addMember, createOrgWithOwner, createUser, type TestOrg, type TestUser } from './testing/fixtures'

const database = useTestDatabase()
let orgA: TestOrg
let orgB: TestOrg
let member: TestUser & { membershipId: string }

beforeAll(async () => {
  orgA = await createOrgWithOwner(database.db, { name: 'Alpha', slug: 'alpha-co' })
  orgB = await createOrgWithOwner(database.db, { name: 'Beta', slug: 'beta-co' })
  member = await addMember(database.db, orgA.id, 'MEMBER')
})

describe('requireMembership', () => {
  it('returns the organization and the membership of a member', async () => {
    const access = await requireMembership({ orgSlug: 'alpha-co', userId: orgA.owner.id })
    expect(access).toEqual({
      org: { id: orgA.id, name: 'Alpha', slug: 'alpha-co', deletionScheduledFor: null },
      membership: { id: expect.any(String), role: 'OWNER' },
    })
    expect(await requireMembership({ orgSlug: 'alpha-co', userId: member.id, roles: ['OWNER', 'ADMIN', 'MEMBER'] })).toMatchObject({
      membership: { id: member.membershipId, role: 'MEMBER' },
    })
  })

  it('gives the same NOT_FOUND for another organization and for none at all', async () => {
    const other = await expectAppError(requireMembership({ orgSlug: 'beta-co', userId: orgA.owner.id }), 'NOT_FOUND')
    const missing = await expectAppError(requireMembership({ orgSlug: 'no-such-org', userId: orgA.owner.id }), 'NOT_FOUND')
    expect(other.message).toBe(ORG_NOT_FOUND_MESSAGE)
    expect(missing.message).toBe(other.message)
    // Asking for a role does not turn it into FORBIDDEN either.
    await expectAppError(requireMembership({ orgSlug: 'beta-co', userId: orgA.owner.id, roles: ['OWNER'] }), 'NOT_FOUND')
    await expectAppError(requireMembership({ orgSlug: 'alpha-co', userId: 'no-such-user' }), 'NOT_FOUND')
  })

  it('gives FORBIDDEN to a member without the role', async () => {
    const error = await expectAppError(
      requireMembership({ orgSlug: 'alpha-co', userId: member.id, roles: ['OWNER', 'ADMIN'] }),
      'FORBIDDEN',
    )
    expect(error.message).toBe('Only owners and admins of this organization can do this')
    await expectAppError(requireOrgRole({ orgId: orgA.id, userId: member.id, roles: ['OWNER'] }), 'FORBIDDEN')
  })

  it('works by id too, with the same answers', async () => {
    expect((await requireOrgRole({ orgId: orgB.id, userId: orgB.owner.id, roles: ['OWNER'] })).org.slug).toBe('beta-co')
    await expectAppError(requireOrgRole({ orgId: orgB.id, userId: orgA.owner.id }), 'NOT_FOUND')
    await expectAppError(requireOrgRole({ orgId: 'no-such-id', userId: orgA.owner.id }), 'NOT_FOUND')
  })

  it('shows a scheduled deletion', async () => {
    const when = new Date('2030-01-01T00:00:00Z')
    const org = await createOrgWithOwner(database.db, { slug: 'leaving-soon' })
    await database.db.organization.update({ where: { id: org.id }, data: { deletionRequestedAt: new Date(), deletionScheduledFor: when } })
    expect((await requireMembership({ orgSlug: 'leaving-soon', userId: org.owner.id })).org.deletionScheduledFor).toEqual(when)
  })
})

describe('listUserOrganizations', () => {
  it('lists the organizations of a user with the role, by name', async () => {
    const user = await createUser(database.db)
    const zeta = await createOrgWithOwner(database.db, { name: 'Zeta', slug: 'zeta', owner: user })
    await addMember(database.db, orgB.id, 'ADMIN', user)
    await addMember(database.db, orgA.id, 'MEMBER', user)
    expect(await listUserOrganizations(user.id)).toEqual([
      { id: orgA.id, name: 'Alpha', slug: 'alpha-co', role: 'MEMBER' },
      { id: orgB.id, name: 'Beta', slug: 'beta-co', role: 'ADMIN' },
      { id: zeta.id, name: 'Zeta', slug: 'zeta', role: 'OWNER' },
    ])
    expect(await listUserOrganizations((await createUser(database.db)).id)).toEqual([])
  })
})
