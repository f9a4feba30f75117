/**
 * Tenant isolation across the whole domain: a user of organization A gets NOT_FOUND, the same
 * answer as for an organization that does not exist, from every read and every mutation aimed at
 * organization B, and nothing in B changes.
 */
import { beforeAll, describe, expect, it } from 'vitest'
import { useTestDatabase } from '../testing/use-test-database'
import { expectAppError } from '../testing/expect-app-error'
import { ORG_NOT_FOUND_MESSAGE, requireMembership, requireOrgRole } from './authorize'
import { changeMemberRole } from './change-member-role'
import { createInvitation } from './create-invitation'
import { cancelOrganizationDeletion, requestOrganizationDeletion } from './delete-organization'
import { leaveOrganization } from './leave-organization'
import { listInvitations } from './list-invitations'
import { listMembers } from './list-members'
import { removeMember } from './remove-member'
import { revokeInvitation } from './revoke-invitation'
import { addMember, createOrgWithOwner, type TestOrg } from './testing/fixtures'
import { changeOrganizationSlug, renameOrganization } from './update-organization'

const database = useTestDatabase()
let a: TestOrg
let b: TestOrg
let bMember: { id: string; membershipId: string }
let bInvitationId: string

beforeAll(async () => {
  a = await createOrgWithOwner(database.db, { name: 'Org A', slug: 'org-a' })
  b = await createOrgWithOwner(database.db, { name: 'Org B', slug: 'org-b' })
  bMember = await addMember(database.db, b.id, 'MEMBER')
  bInvitationId = (await createInvitation({ orgId: b.id, actorUserId: b.owner.id, email: 'pending@b.test', role: 'MEMBER' })).id
})

/** Every row of organization B, to compare before and after. */
async function snapshotOfB() {
  const [org, memberships, invitations] = await Promise.all([
    database.db.organization.findUniqueOrThrow({ where: { id: b.id } }),
    database.db.membership.findMany({ where: { orgId: b.id }, orderBy: { id: 'asc' } }),
    database.db.invitation.findMany({ where: { orgId: b.id }, orderBy: { id: 'asc' } }),
  ])
  return { org, memberships, invitations }
}

describe('a user of organization A, acting on organization B', () => {
  it('cannot even see B: requireMembership answers as for an organization that does not exist', async () => {
    const onB = await expectAppError(requireMembership({ orgSlug: 'org-b', userId: a.owner.id }), 'NOT_FOUND')
    const onNothing = await expectAppError(requireMembership({ orgSlug: 'org-zz', userId: a.owner.id }), 'NOT_FOUND')
    expect(onB.message).toBe(ORG_NOT_FOUND_MESSAGE)
    expect(onNothing.message).toBe(onB.message)
    await expectAppError(requireOrgRole({ orgId: b.id, userId: a.owner.id, roles: ['OWNER'] }), 'NOT_FOUND')
  })

  const calls: [string, () => Promise<unknown>][] = [
    ['listMembers', () => listMembers({ orgId: b.id, userId: a.owner.id })],
    ['listInvitations', () => listInvitations({ orgId: b.id, userId: a.owner.id })],
    ['renameOrganization', () => renameOrganization({ orgId: b.id, userId: a.owner.id, name: 'Pwned' })],
    ['changeOrganizationSlug', () => changeOrganizationSlug({ orgId: b.id, userId: a.owner.id, slug: 'pwned' })],
    [
      'changeMemberRole (promote a B member)',
      () => changeMemberRole({ orgId: b.id, actorUserId: a.owner.id, memberUserId: bMember.id, role: 'OWNER' }),
    ],
    [
      'changeMemberRole (demote B’s owner)',
      () => changeMemberRole({ orgId: b.id, actorUserId: a.owner.id, memberUserId: b.owner.id, role: 'MEMBER' }),
    ],
    ['removeMember', () => removeMember({ orgId: b.id, actorUserId: a.owner.id, memberUserId: bMember.id })],
    ['leaveOrganization', () => leaveOrganization({ orgId: b.id, userId: a.owner.id })],
    ['createInvitation', () => createInvitation({ orgId: b.id, actorUserId: a.owner.id, email: 'intruder@a.test', role: 'OWNER' })],
    ['revokeInvitation', () => revokeInvitation({ orgId: b.id, actorUserId: a.owner.id, invitationId: bInvitationId })],
    ['requestOrganizationDeletion', () => requestOrganizationDeletion({ orgId: b.id, userId: a.owner.id, confirmation: 'org-b' })],
    ['cancelOrganizationDeletion', () => cancelOrganizationDeletion({ orgId: b.id, userId: a.owner.id })],
  ]

  it.each(calls)('%s: NOT_FOUND and nothing changes', async (_name, call) => {
    const before = await snapshotOfB()
    const auditBefore = await database.db.auditLog.count({ where: { orgId: b.id } })
    const error = await expectAppError(call(), 'NOT_FOUND')
    expect(error.message).toBe(ORG_NOT_FOUND_MESSAGE)
    expect(await snapshotOfB()).toEqual(before)
    expect(await database.db.auditLog.count({ where: { orgId: b.id } })).toBe(auditBefore)
    expect(database.jobs.sent).toEqual([])
  })

  it('cannot reach B’s rows through A either (ids of B passed with A’s id)', async () => {
    const before = await snapshotOfB()
    await expectAppError(changeMemberRole({ orgId: a.id, actorUserId: a.owner.id, memberUserId: bMember.id, role: 'ADMIN' }), 'NOT_FOUND')
    await expectAppError(removeMember({ orgId: a.id, actorUserId: a.owner.id, memberUserId: b.owner.id }), 'NOT_FOUND')
    await expectAppError(revokeInvitation({ orgId: a.id, actorUserId: a.owner.id, invitationId: bInvitationId }), 'NOT_FOUND')
    expect(await snapshotOfB()).toEqual(before)
  })
})
