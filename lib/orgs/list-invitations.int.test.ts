import { describe, expect, it } from 'vitest'
import { useTestDatabase } from '../testing/use-test-database'
import { expectAppError } from '../testing/expect-app-error'
import { createInvitation } from './create-invitation'
import { listInvitations } from './list-invitations'
import { revokeInvitation } from './revoke-invitation'
import { addMember, createOrgWithOwner, createUser } from './testing/fixtures'

const database = useTestDatabase()

describe('listInvitations', () => {
  it('lists open invitations only, newest first, without token hashes', async () => {
    const org = await createOrgWithOwner(database.db, {
      owner: await createUser(database.db, { email: 'lister@example.test', name: 'Lee Lister' }),
    })
    const invite = (email: string) => createInvitation({ orgId: org.id, actorUserId: org.owner.id, email, role: 'MEMBER' })
    await invite('a@example.com')
    const revoked = await invite('b@example.com')
    const expired = await invite('c@example.com')
    const d = await invite('d@example.com')
    await revokeInvitation({ orgId: org.id, actorUserId: org.owner.id, invitationId: revoked.id })
    await database.db.invitation.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1) } })

    const list = await listInvitations({ orgId: org.id, userId: org.owner.id })
    expect(list.map((i) => i.email)).toEqual(['d@example.com', 'a@example.com'])
    expect(list[0]).toEqual({
      id: d.id,
      email: 'd@example.com',
      role: 'MEMBER',
      expiresAt: d.expiresAt,
      createdAt: expect.any(Date),
      invitedBy: { name: 'Lee Lister', email: 'lister@example.test' },
    })
    expect(JSON.stringify(list)).not.toMatch(/tokenHash|[0-9a-f]{64}/)
  })

  it('is for owners and admins', async () => {
    const org = await createOrgWithOwner(database.db)
    const admin = await addMember(database.db, org.id, 'ADMIN')
    const member = await addMember(database.db, org.id, 'MEMBER')
    expect(await listInvitations({ orgId: org.id, userId: admin.id })).toEqual([])
    await expectAppError(listInvitations({ orgId: org.id, userId: member.id }), 'FORBIDDEN')
    const outsider = await createOrgWithOwner(database.db)
    await expectAppError(listInvitations({ orgId: org.id, userId: outsider.owner.id }), 'NOT_FOUND')
  })
})
