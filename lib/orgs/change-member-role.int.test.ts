import { describe, expect, it } from 'vitest'
import { db } from '../db'
import { serverUrl } from '../testing/test-db'
import { useTestDatabase } from '../testing/use-test-database'
import { expectAppError } from '../testing/expect-app-error'
import { ADMIN_OWNER_MESSAGE, changeMemberRole, MEMBER_NOT_FOUND_MESSAGE } from './change-member-role'
import { LAST_OWNER_MESSAGES, lockOwnerMemberships } from './owner-lock'
import { addMember, createOrgWithOwner, membershipIdOf, sleep, type TestOrg } from './testing/fixtures'

const database = useTestDatabase()

const roleOf = async (membershipId: string) => (await database.db.membership.findUniqueOrThrow({ where: { id: membershipId } })).role
const ownerCount = (orgId: string) => database.db.membership.count({ where: { orgId, role: 'OWNER' } })

async function orgWithTwoOwners(): Promise<{
  org: TestOrg
  a: { id: string; membershipId: string }
  b: { id: string; membershipId: string }
}> {
  const org = await createOrgWithOwner(database.db)
  const a = { id: org.owner.id, membershipId: await membershipIdOf(database.db, org.id, org.owner.id) }
  const b = await addMember(database.db, org.id, 'OWNER')
  return { org, a, b }
}

describe('changeMemberRole', () => {
  it('lets an owner set any role, with before and after in the audit log', async () => {
    const org = await createOrgWithOwner(database.db)
    const m = await addMember(database.db, org.id, 'MEMBER')
    expect(await changeMemberRole({ orgId: org.id, actorUserId: org.owner.id, memberUserId: m.id, role: 'ADMIN' })).toEqual({
      id: m.membershipId,
      userId: m.id,
      role: 'ADMIN',
    })
    await changeMemberRole({ orgId: org.id, actorUserId: org.owner.id, memberUserId: m.id, role: 'OWNER' }, { requestId: 'req-role' })
    expect(await roleOf(m.membershipId)).toBe('OWNER')
    await changeMemberRole({ orgId: org.id, actorUserId: org.owner.id, memberUserId: m.id, role: 'MEMBER' })
    const entries = await database.db.auditLog.findMany({
      where: { orgId: org.id, action: 'org.member.role_changed' },
      orderBy: { id: 'asc' },
    })
    expect(entries.map((e) => [e.before, e.after])).toEqual([
      [
        { userId: m.id, role: 'MEMBER' },
        { userId: m.id, role: 'ADMIN' },
      ],
      [
        { userId: m.id, role: 'ADMIN' },
        { userId: m.id, role: 'OWNER' },
      ],
      [
        { userId: m.id, role: 'OWNER' },
        { userId: m.id, role: 'MEMBER' },
      ],
    ])
    expect(entries[1]).toMatchObject({
      actorUserId: org.owner.id,
      targetType: 'membership',
      targetId: m.membershipId,
      requestId: 'req-role',
    })
  })

  it('lets an admin move people between member and admin only', async () => {
    const org = await createOrgWithOwner(database.db)
    const admin = await addMember(database.db, org.id, 'ADMIN')
    const m = await addMember(database.db, org.id, 'MEMBER')
    await changeMemberRole({ orgId: org.id, actorUserId: admin.id, memberUserId: m.id, role: 'ADMIN' })
    await changeMemberRole({ orgId: org.id, actorUserId: admin.id, memberUserId: m.id, role: 'MEMBER' })
    const ownerMembership = await membershipIdOf(database.db, org.id, org.owner.id)
    const promote = await expectAppError(
      changeMemberRole({ orgId: org.id, actorUserId: admin.id, memberUserId: m.id, role: 'OWNER' }),
      'FORBIDDEN',
    )
    expect(promote.message).toBe(ADMIN_OWNER_MESSAGE)
    await expectAppError(changeMemberRole({ orgId: org.id, actorUserId: admin.id, memberUserId: admin.id, role: 'OWNER' }), 'FORBIDDEN')
    await expectAppError(
      changeMemberRole({ orgId: org.id, actorUserId: admin.id, memberUserId: org.owner.id, role: 'MEMBER' }),
      'FORBIDDEN',
    )
    expect(await roleOf(ownerMembership)).toBe('OWNER')
    expect(await roleOf(m.membershipId)).toBe('MEMBER')
  })

  it('refuses members, unknown memberships, memberships of another organization and bad roles', async () => {
    const org = await createOrgWithOwner(database.db)
    const m = await addMember(database.db, org.id, 'MEMBER')
    const other = await addMember(database.db, org.id, 'MEMBER')
    await expectAppError(changeMemberRole({ orgId: org.id, actorUserId: m.id, memberUserId: other.id, role: 'ADMIN' }), 'FORBIDDEN')
    await expectAppError(changeMemberRole({ orgId: org.id, actorUserId: m.id, memberUserId: m.id, role: 'ADMIN' }), 'FORBIDDEN')
    const missing = await expectAppError(
      changeMemberRole({ orgId: org.id, actorUserId: org.owner.id, memberUserId: 'nope', role: 'ADMIN' }),
      'NOT_FOUND',
    )
    expect(missing.message).toBe(MEMBER_NOT_FOUND_MESSAGE)
    const elsewhere = await createOrgWithOwner(database.db)
    const foreign = await addMember(database.db, elsewhere.id, 'MEMBER')
    await expectAppError(
      changeMemberRole({ orgId: org.id, actorUserId: org.owner.id, memberUserId: foreign.id, role: 'ADMIN' }),
      'NOT_FOUND',
    )
    expect(await roleOf(foreign.membershipId)).toBe('MEMBER')
    await expectAppError(
      changeMemberRole({ orgId: org.id, actorUserId: org.owner.id, memberUserId: m.id, role: 'KING' as 'ADMIN' }),
      'VALIDATION',
      { role: 'Choose owner, admin or member' },
    )
  })

  it('never demotes the last owner', async () => {
    const org = await createOrgWithOwner(database.db)
    const self = await membershipIdOf(database.db, org.id, org.owner.id)
    const error = await expectAppError(
      changeMemberRole({ orgId: org.id, actorUserId: org.owner.id, memberUserId: org.owner.id, role: 'ADMIN' }),
      'CONFLICT',
    )
    expect(error.message).toBe(LAST_OWNER_MESSAGES.demote)
    expect(await roleOf(self)).toBe('OWNER')
  })

  it('lets one of two owners step down, then not the other', async () => {
    const { org, a, b } = await orgWithTwoOwners()
    await changeMemberRole({ orgId: org.id, actorUserId: a.id, memberUserId: a.id, role: 'ADMIN' })
    await expectAppError(changeMemberRole({ orgId: org.id, actorUserId: b.id, memberUserId: b.id, role: 'MEMBER' }), 'CONFLICT')
    expect(await ownerCount(org.id)).toBe(1)
  })

  it(`two owners demoting each other at the same time: exactly one succeeds (${serverUrl() ? 'PostgreSQL' : 'PGlite'})`, async () => {
    for (let round = 0; round < 8; round++) {
      const { org, a, b } = await orgWithTwoOwners()
      const results = await Promise.allSettled([
        changeMemberRole({ orgId: org.id, actorUserId: a.id, memberUserId: b.id, role: 'MEMBER' }),
        changeMemberRole({ orgId: org.id, actorUserId: b.id, memberUserId: a.id, role: 'MEMBER' }),
      ])
      expect(
        results.filter((r) => r.status === 'fulfilled'),
        `round ${round}`,
      ).toHaveLength(1)
      const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult
      // The loser either saw the last owner (CONFLICT) or had just been demoted itself (FORBIDDEN).
      expect(['CONFLICT', 'FORBIDDEN']).toContain(rejected.reason.code)
      expect(await ownerCount(org.id)).toBe(1)
    }
  })

  it('two owners each stepping down at the same time: exactly one succeeds', async () => {
    for (let round = 0; round < 8; round++) {
      const { org, a, b } = await orgWithTwoOwners()
      const results = await Promise.allSettled([
        changeMemberRole({ orgId: org.id, actorUserId: a.id, memberUserId: a.id, role: 'ADMIN' }),
        changeMemberRole({ orgId: org.id, actorUserId: b.id, memberUserId: b.id, role: 'ADMIN' }),
      ])
      expect(
        results.filter((r) => r.status === 'fulfilled'),
        `round ${round}`,
      ).toHaveLength(1)
      expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({
        code: 'CONFLICT',
        message: LAST_OWNER_MESSAGES.demote,
      })
      expect(await ownerCount(org.id)).toBe(1)
    }
  })

  it('waits for a transaction holding the owner lock and decides on what it committed', async () => {
    const { org, a, b } = await orgWithTwoOwners()
    let release!: () => void
    const released = new Promise<void>((resolve) => (release = resolve))
    let signalLocked!: () => void
    const locked = new Promise<void>((resolve) => (signalLocked = resolve))
    // Another request demotes B while holding the lock, slowly.
    const holder = db.$transaction(
      async (tx) => {
        expect(await lockOwnerMemberships(tx, org.id)).toHaveLength(2)
        signalLocked()
        await released
        await tx.membership.update({ where: { id: b.membershipId }, data: { role: 'MEMBER' } })
      },
      { timeout: 20_000 },
    )
    await locked
    let settled = false
    const demoteA = changeMemberRole({ orgId: org.id, actorUserId: a.id, memberUserId: a.id, role: 'MEMBER' }).finally(
      () => (settled = true),
    )
    demoteA.catch(() => {})
    await sleep(300)
    expect(settled).toBe(false)
    release()
    await holder
    await expectAppError(demoteA, 'CONFLICT')
    expect(await roleOf(a.membershipId)).toBe('OWNER')
    expect(await ownerCount(org.id)).toBe(1)
  })
})
