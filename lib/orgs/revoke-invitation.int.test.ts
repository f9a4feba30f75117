import { beforeAll, describe, expect, it } from 'vitest'
import { useTestDatabase } from '../testing/use-test-database'
import { expectAppError } from '../testing/expect-app-error'
import { acceptInvitation } from './accept-invitation'
import { createInvitation } from './create-invitation'
import { INVITATION_NOT_IN_ORG_MESSAGE, revokeInvitation } from './revoke-invitation'
import { addMember, createOrgWithOwner, createUser, type TestOrg } from './testing/fixtures'

const database = useTestDatabase()
let org: TestOrg

beforeAll(async () => {
  org = await createOrgWithOwner(database.db)
})

const invite = (email: string, role: 'OWNER' | 'ADMIN' | 'MEMBER' = 'MEMBER') =>
  createInvitation({ orgId: org.id, actorUserId: org.owner.id, email, role })

describe('revokeInvitation', () => {
  it('revokes an open invitation, once, and audits it', async () => {
    const invitation = await invite('revoke-me@example.com')
    const result = await revokeInvitation(
      { orgId: org.id, actorUserId: org.owner.id, invitationId: invitation.id },
      { requestId: 'req-revoke' },
    )
    expect(result).toEqual({ id: invitation.id, revokedAt: expect.any(Date) })
    // Again: harmless, same answer, no second audit entry.
    expect(await revokeInvitation({ orgId: org.id, actorUserId: org.owner.id, invitationId: invitation.id })).toEqual(result)
    const entries = await database.db.auditLog.findMany({ where: { action: 'org.invitation.revoked', targetId: invitation.id } })
    expect(entries).toHaveLength(1)
    expect(entries[0]).toMatchObject({
      actorUserId: org.owner.id,
      requestId: 'req-revoke',
      before: { email: 'revoke-me@example.com', role: 'MEMBER' },
    })
  })

  it('lets admins revoke member and admin invitations, not owner ones; members cannot', async () => {
    const admin = await addMember(database.db, org.id, 'ADMIN')
    const member = await addMember(database.db, org.id, 'MEMBER')
    const plain = await invite('plain@example.com', 'ADMIN')
    const owner = await invite('future-owner@example.com', 'OWNER')
    await expectAppError(revokeInvitation({ orgId: org.id, actorUserId: member.id, invitationId: plain.id }), 'FORBIDDEN')
    await revokeInvitation({ orgId: org.id, actorUserId: admin.id, invitationId: plain.id })
    await expectAppError(revokeInvitation({ orgId: org.id, actorUserId: admin.id, invitationId: owner.id }), 'FORBIDDEN')
    expect((await database.db.invitation.findUniqueOrThrow({ where: { id: owner.id } })).revokedAt).toBeNull()
  })

  it('refuses an accepted invitation', async () => {
    const user = await createUser(database.db)
    const invitation = await invite(user.email)
    await acceptInvitation({ token: invitation.token, userId: user.id })
    await expectAppError(revokeInvitation({ orgId: org.id, actorUserId: org.owner.id, invitationId: invitation.id }), 'CONFLICT')
  })

  it('gives NOT_FOUND for an invitation of another organization, or none', async () => {
    const other = await createOrgWithOwner(database.db)
    const foreign = await createInvitation({ orgId: other.id, actorUserId: other.owner.id, email: 'theirs@example.com', role: 'MEMBER' })
    expect(
      (await expectAppError(revokeInvitation({ orgId: org.id, actorUserId: org.owner.id, invitationId: foreign.id }), 'NOT_FOUND')).message,
    ).toBe(INVITATION_NOT_IN_ORG_MESSAGE)
    await expectAppError(revokeInvitation({ orgId: org.id, actorUserId: org.owner.id, invitationId: 'nope' }), 'NOT_FOUND')
    expect((await database.db.invitation.findUniqueOrThrow({ where: { id: foreign.id } })).revokedAt).toBeNull()
  })
})
