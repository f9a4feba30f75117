import { beforeAll, describe, expect, it } from 'vitest'
import { useTestDatabase } from '../testing/use-test-database'
import { expectAppError } from '../testing/expect-app-error'
import { acceptInvitation, INVITATION_GONE_MESSAGES, wrongEmailMessage } from './accept-invitation'
import { createInvitation } from './create-invitation'
import { generateInvitationToken, INVITATION_NOT_FOUND_MESSAGE } from './invitation-token'
import { revokeInvitation } from './revoke-invitation'
import { addMember, createOrgWithOwner, createUser, type TestOrg } from './testing/fixtures'

const database = useTestDatabase()
let org: TestOrg

beforeAll(async () => {
  org = await createOrgWithOwner(database.db, { slug: 'welcoming' })
})

let counter = 0
async function invitee(role: 'OWNER' | 'ADMIN' | 'MEMBER' = 'MEMBER') {
  const email = `invitee${++counter}@example.com`
  const user = await createUser(database.db, { email })
  const invitation = await createInvitation({ orgId: org.id, actorUserId: org.owner.id, email: email.toUpperCase(), role })
  return { user, invitation }
}
const membershipOf = (userId: string) => database.db.membership.findUnique({ where: { orgId_userId: { orgId: org.id, userId } } })

describe('acceptInvitation', () => {
  it('makes the invited user a member with the invited role, once', async () => {
    const { user, invitation } = await invitee('ADMIN')
    expect(await acceptInvitation({ token: invitation.token, userId: user.id }, { requestId: 'req-accept' })).toEqual({
      orgId: org.id,
      orgSlug: 'welcoming',
      role: 'ADMIN',
    })
    expect((await membershipOf(user.id))?.role).toBe('ADMIN')
    expect((await database.db.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).acceptedAt).toBeInstanceOf(Date)
    const audit = await database.db.auditLog.findFirstOrThrow({ where: { action: 'org.invitation.accepted', targetId: invitation.id } })
    expect(audit).toMatchObject({
      actorUserId: user.id,
      orgId: org.id,
      requestId: 'req-accept',
      after: { role: 'ADMIN', wasAlreadyMember: false },
    })

    const again = await expectAppError(acceptInvitation({ token: invitation.token, userId: user.id }), 'GONE')
    expect(again.message).toBe(INVITATION_GONE_MESSAGES.accepted)
    expect(await database.db.membership.count({ where: { orgId: org.id, userId: user.id } })).toBe(1)
  })

  it('works once when the link is used twice at the same time', async () => {
    const { user, invitation } = await invitee()
    const results = await Promise.allSettled([
      acceptInvitation({ token: invitation.token, userId: user.id }),
      acceptInvitation({ token: invitation.token, userId: user.id }),
    ])
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1)
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ code: 'GONE' })
    expect(await database.db.auditLog.count({ where: { action: 'org.invitation.accepted', targetId: invitation.id } })).toBe(1)
  })

  it('refuses an expired invitation', async () => {
    const { user, invitation } = await invitee()
    await database.db.invitation.update({ where: { id: invitation.id }, data: { expiresAt: new Date(Date.now() - 1000) } })
    expect((await expectAppError(acceptInvitation({ token: invitation.token, userId: user.id }), 'GONE')).message).toBe(
      INVITATION_GONE_MESSAGES.expired,
    )
    expect(await membershipOf(user.id)).toBeNull()
  })

  it('refuses a revoked invitation, and the link of a replaced one', async () => {
    const { user, invitation } = await invitee()
    await revokeInvitation({ orgId: org.id, actorUserId: org.owner.id, invitationId: invitation.id })
    expect((await expectAppError(acceptInvitation({ token: invitation.token, userId: user.id }), 'GONE')).message).toBe(
      INVITATION_GONE_MESSAGES.revoked,
    )

    const { user: other, invitation: old } = await invitee()
    // Re-invited once the address's rate limit allows a new email (10 minutes).
    const fresh = await createInvitation({ orgId: org.id, actorUserId: org.owner.id, email: other.email, role: 'MEMBER' }, undefined, {
      now: new Date(Date.now() + 11 * 60_000),
    })
    await expectAppError(acceptInvitation({ token: old.token, userId: other.id }), 'GONE')
    await acceptInvitation({ token: fresh.token, userId: other.id })
    expect(await membershipOf(user.id)).toBeNull()
    expect(await membershipOf(other.id)).not.toBeNull()
  })

  it('refuses a signed-in user whose email is not the invited one, and keeps the invitation usable', async () => {
    const { user, invitation } = await invitee()
    const stranger = await createUser(database.db, { email: 'stranger@example.com' })
    const error = await expectAppError(acceptInvitation({ token: invitation.token, userId: stranger.id }), 'FORBIDDEN')
    expect(error.message).toBe(wrongEmailMessage(user.email))
    expect(await membershipOf(stranger.id)).toBeNull()
    await acceptInvitation({ token: invitation.token, userId: user.id })
  })

  it('gives NOT_FOUND for an unknown or malformed token', async () => {
    const { user } = await invitee()
    for (const token of [generateInvitationToken().token, 'short', '', 'x'.repeat(43) + '=', '../../etc/passwd']) {
      expect((await expectAppError(acceptInvitation({ token, userId: user.id }), 'NOT_FOUND')).message).toBe(INVITATION_NOT_FOUND_MESSAGE)
    }
  })

  it('keeps the role of someone who became a member meanwhile', async () => {
    const { user, invitation } = await invitee('ADMIN')
    await addMember(database.db, org.id, 'MEMBER', user)
    expect(await acceptInvitation({ token: invitation.token, userId: user.id })).toMatchObject({ role: 'MEMBER' })
    expect((await database.db.invitation.findUniqueOrThrow({ where: { id: invitation.id } })).acceptedAt).toBeInstanceOf(Date)
  })

  it('refuses while the organization is scheduled for deletion', async () => {
    const doomed = await createOrgWithOwner(database.db)
    const user = await createUser(database.db)
    const invitation = await createInvitation({ orgId: doomed.id, actorUserId: doomed.owner.id, email: user.email, role: 'MEMBER' })
    await database.db.organization.update({
      where: { id: doomed.id },
      data: { deletionRequestedAt: new Date(), deletionScheduledFor: new Date(Date.now() + 86_400_000) },
    })
    await expectAppError(acceptInvitation({ token: invitation.token, userId: user.id }), 'CONFLICT')
    expect(await database.db.membership.count({ where: { orgId: doomed.id, userId: user.id } })).toBe(0)
  })
})
