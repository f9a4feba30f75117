import { describe, expect, it } from 'vitest'
import { useTestDatabase } from '../testing/use-test-database'
import { expectAppError } from '../testing/expect-app-error'
import { ADMIN_OWNER_MESSAGE, MEMBER_NOT_FOUND_MESSAGE } from './change-member-role'
import { LAST_OWNER_MESSAGES } from './owner-lock'
import { removeMember } from './remove-member'
import { addMember, createOrgWithOwner, membershipIdOf } from './testing/fixtures'

const database = useTestDatabase()

const exists = async (id: string) => (await database.db.membership.count({ where: { id } })) === 1

describe('removeMember', () => {
  it('lets an owner remove anyone but the last owner, and audits it', async () => {
    const org = await createOrgWithOwner(database.db)
    const m = await addMember(database.db, org.id, 'MEMBER')
    const coOwner = await addMember(database.db, org.id, 'OWNER')
    expect(await removeMember({ orgId: org.id, actorUserId: org.owner.id, memberUserId: m.id }, { requestId: 'req-rm' })).toEqual({
      id: m.membershipId,
      userId: m.id,
    })
    expect(await exists(m.membershipId)).toBe(false)
    const audit = await database.db.auditLog.findFirstOrThrow({ where: { orgId: org.id, action: 'org.member.removed' } })
    expect(audit).toMatchObject({
      actorUserId: org.owner.id,
      targetId: m.membershipId,
      before: { userId: m.id, email: m.email, role: 'MEMBER' },
      requestId: 'req-rm',
    })

    await removeMember({ orgId: org.id, actorUserId: org.owner.id, memberUserId: coOwner.id })
    const self = await membershipIdOf(database.db, org.id, org.owner.id)
    const error = await expectAppError(removeMember({ orgId: org.id, actorUserId: org.owner.id, memberUserId: org.owner.id }), 'CONFLICT')
    expect(error.message).toBe(LAST_OWNER_MESSAGES.remove)
    expect(await exists(self)).toBe(true)
  })

  it('lets an admin remove members and admins, not owners', async () => {
    const org = await createOrgWithOwner(database.db)
    const admin = await addMember(database.db, org.id, 'ADMIN')
    const otherAdmin = await addMember(database.db, org.id, 'ADMIN')
    const m = await addMember(database.db, org.id, 'MEMBER')
    await removeMember({ orgId: org.id, actorUserId: admin.id, memberUserId: m.id })
    await removeMember({ orgId: org.id, actorUserId: admin.id, memberUserId: otherAdmin.id })
    const owner = await membershipIdOf(database.db, org.id, org.owner.id)
    expect(
      (await expectAppError(removeMember({ orgId: org.id, actorUserId: admin.id, memberUserId: org.owner.id }), 'FORBIDDEN')).message,
    ).toBe(ADMIN_OWNER_MESSAGE)
    expect(await exists(owner)).toBe(true)
  })

  it('refuses members, unknown ids and memberships of other organizations', async () => {
    const org = await createOrgWithOwner(database.db)
    const m = await addMember(database.db, org.id, 'MEMBER')
    const peer = await addMember(database.db, org.id, 'MEMBER')
    await expectAppError(removeMember({ orgId: org.id, actorUserId: m.id, memberUserId: peer.id }), 'FORBIDDEN')
    expect(
      (await expectAppError(removeMember({ orgId: org.id, actorUserId: org.owner.id, memberUserId: 'nope' }), 'NOT_FOUND')).message,
    ).toBe(MEMBER_NOT_FOUND_MESSAGE)
    const elsewhere = await createOrgWithOwner(database.db)
    const foreign = await addMember(database.db, elsewhere.id, 'MEMBER')
    await expectAppError(removeMember({ orgId: org.id, actorUserId: org.owner.id, memberUserId: foreign.id }), 'NOT_FOUND')
    expect(await exists(foreign.membershipId)).toBe(true)
    expect(await exists(peer.membershipId)).toBe(true)
  })

  it('two owners removing each other at the same time: exactly one succeeds', async () => {
    for (let round = 0; round < 6; round++) {
      const org = await createOrgWithOwner(database.db)
      const b = await addMember(database.db, org.id, 'OWNER')
      const results = await Promise.allSettled([
        removeMember({ orgId: org.id, actorUserId: org.owner.id, memberUserId: b.id }),
        removeMember({ orgId: org.id, actorUserId: b.id, memberUserId: org.owner.id }),
      ])
      expect(
        results.filter((r) => r.status === 'fulfilled'),
        `round ${round}`,
      ).toHaveLength(1)
      expect(await database.db.membership.count({ where: { orgId: org.id, role: 'OWNER' } })).toBe(1)
    }
  })
})
