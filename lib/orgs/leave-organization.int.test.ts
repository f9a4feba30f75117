import { describe, expect, it } from 'vitest'
import { useTestDatabase } from '../testing/use-test-database'
import { expectAppError } from '../testing/expect-app-error'
import { leaveOrganization } from './leave-organization'
import { LAST_OWNER_MESSAGES } from './owner-lock'
import { addMember, createOrgWithOwner, createUser } from './testing/fixtures'

const database = useTestDatabase()

describe('leaveOrganization', () => {
  it('lets a member or an admin leave, and audits it', async () => {
    const org = await createOrgWithOwner(database.db)
    const m = await addMember(database.db, org.id, 'MEMBER')
    const admin = await addMember(database.db, org.id, 'ADMIN')
    expect(await leaveOrganization({ orgId: org.id, userId: m.id }, { ip: '198.51.100.1' })).toEqual({ orgId: org.id })
    await leaveOrganization({ orgId: org.id, userId: admin.id })
    expect(await database.db.membership.count({ where: { orgId: org.id } })).toBe(1)
    const audit = await database.db.auditLog.findFirstOrThrow({ where: { orgId: org.id, action: 'org.member.left', actorUserId: m.id } })
    expect(audit).toMatchObject({ targetId: m.membershipId, before: { userId: m.id, role: 'MEMBER' }, ip: '198.51.100.1' })
  })

  it('keeps the last owner in, lets an owner leave when another remains', async () => {
    const org = await createOrgWithOwner(database.db)
    const error = await expectAppError(leaveOrganization({ orgId: org.id, userId: org.owner.id }), 'CONFLICT')
    expect(error.message).toBe(LAST_OWNER_MESSAGES.leave)
    const coOwner = await addMember(database.db, org.id, 'OWNER')
    await leaveOrganization({ orgId: org.id, userId: org.owner.id })
    await expectAppError(leaveOrganization({ orgId: org.id, userId: coOwner.id }), 'CONFLICT')
    expect(await database.db.membership.findMany({ where: { orgId: org.id }, select: { userId: true, role: true } })).toEqual([
      { userId: coOwner.id, role: 'OWNER' },
    ])
  })

  it('two owners leaving at the same time: exactly one leaves', async () => {
    for (let round = 0; round < 6; round++) {
      const org = await createOrgWithOwner(database.db)
      const b = await addMember(database.db, org.id, 'OWNER')
      const results = await Promise.allSettled([
        leaveOrganization({ orgId: org.id, userId: org.owner.id }),
        leaveOrganization({ orgId: org.id, userId: b.id }),
      ])
      expect(
        results.filter((r) => r.status === 'fulfilled'),
        `round ${round}`,
      ).toHaveLength(1)
      expect(await database.db.membership.count({ where: { orgId: org.id, role: 'OWNER' } })).toBe(1)
    }
  })

  it('gives NOT_FOUND to someone who is not a member', async () => {
    const org = await createOrgWithOwner(database.db)
    const stranger = await createUser(database.db)
    await expectAppError(leaveOrganization({ orgId: org.id, userId: stranger.id }), 'NOT_FOUND')
  })
})
