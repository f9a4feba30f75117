import { describe, expect, it } from 'vitest'
import { useTestDatabase } from '../testing/use-test-database'
import { expectAppError } from '../testing/expect-app-error'
import { listMembers } from './list-members'
import { addMember, createOrgWithOwner, createUser } from './testing/fixtures'

const database = useTestDatabase()

describe('listMembers', () => {
  it('lists every member, owners first, as plain DTOs', async () => {
    const org = await createOrgWithOwner(database.db)
    const m = await addMember(database.db, org.id, 'MEMBER', await createUser(database.db, { email: 'mia@example.test', name: 'Mia' }))
    const admin = await addMember(database.db, org.id, 'ADMIN', await createUser(database.db, { email: 'ali@example.test', name: null }))
    const members = await listMembers({ orgId: org.id, userId: m.id })
    expect(members.map((x) => [x.role, x.email, x.isYou])).toEqual([
      ['OWNER', org.owner.email, false],
      ['ADMIN', 'ali@example.test', false],
      ['MEMBER', 'mia@example.test', true],
    ])
    expect(members[1]).toEqual({
      id: admin.membershipId,
      userId: admin.id,
      email: 'ali@example.test',
      name: null,
      role: 'ADMIN',
      joinedAt: expect.any(Date),
      isYou: false,
    })
    for (const member of members) expect(Object.keys(member).sort()).toEqual(['email', 'id', 'isYou', 'joinedAt', 'name', 'role', 'userId'])
  })

  it('gives NOT_FOUND outside the organization', async () => {
    const org = await createOrgWithOwner(database.db)
    const other = await createOrgWithOwner(database.db)
    await expectAppError(listMembers({ orgId: org.id, userId: other.owner.id }), 'NOT_FOUND')
  })
})
