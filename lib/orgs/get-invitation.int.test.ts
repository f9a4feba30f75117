import { beforeAll, describe, expect, it } from 'vitest'
import { useTestDatabase } from '../testing/use-test-database'
import { expectAppError } from '../testing/expect-app-error'
import { acceptInvitation } from './accept-invitation'
import { createInvitation } from './create-invitation'
import { describeInvitation } from './get-invitation'
import { generateInvitationToken } from './invitation-token'
import { revokeInvitation } from './revoke-invitation'
import { createOrgWithOwner, createUser, type TestOrg } from './testing/fixtures'

const database = useTestDatabase()
let org: TestOrg

beforeAll(async () => {
  org = await createOrgWithOwner(database.db, { name: 'Describe & Co' })
})

const invite = (email: string) => createInvitation({ orgId: org.id, actorUserId: org.owner.id, email, role: 'ADMIN' })

describe('describeInvitation', () => {
  it('tells the accept page what the invitation is, and its status', async () => {
    const pending = await invite('p@example.com')
    expect(await describeInvitation(pending.token)).toEqual({
      orgName: 'Describe & Co',
      email: 'p@example.com',
      role: 'ADMIN',
      expiresAt: pending.expiresAt,
      status: 'pending',
    })

    const revoked = await invite('r@example.com')
    await revokeInvitation({ orgId: org.id, actorUserId: org.owner.id, invitationId: revoked.id })
    expect((await describeInvitation(revoked.token)).status).toBe('revoked')

    const expired = await invite('e@example.com')
    await database.db.invitation.update({ where: { id: expired.id }, data: { expiresAt: new Date(Date.now() - 1) } })
    expect((await describeInvitation(expired.token)).status).toBe('expired')

    const user = await createUser(database.db, { email: 'a@example.com' })
    const accepted = await invite(user.email)
    await acceptInvitation({ token: accepted.token, userId: user.id })
    expect((await describeInvitation(accepted.token)).status).toBe('accepted')
  })

  it('gives NOT_FOUND for an unknown or malformed token', async () => {
    await expectAppError(describeInvitation(generateInvitationToken().token), 'NOT_FOUND')
    await expectAppError(describeInvitation('nope'), 'NOT_FOUND')
    await expectAppError(describeInvitation(''), 'NOT_FOUND')
  })
})
