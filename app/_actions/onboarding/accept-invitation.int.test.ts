// The invitation page's action: the invited address joins with the invited role and lands on the
// organization, once; another signed-in user and a visitor are refused, and nothing is written.
import { beforeAll, describe, expect, it } from 'vitest'
import { useTestDatabase } from '@/lib/testing/use-test-database'
import { RouteClient } from '@/lib/testing/route-client'
import { createOrgWithOwner, createUser, type TestOrg } from '@/lib/orgs/testing/fixtures'
import { createInvitation } from '@/lib/orgs/create-invitation'
import { INVITATION_GONE_MESSAGES, wrongEmailMessage } from '@/lib/orgs/accept-invitation'
import { INVITATION_NOT_FOUND_MESSAGE } from '@/lib/orgs/invitation-token'
import { signedInClient } from '@/app/_server/testing/signed-in-client'
import { acceptInvitationAction } from './accept-invitation'

const database = useTestDatabase()
let org: TestOrg

beforeAll(async () => {
  org = await createOrgWithOwner(database.db, { name: 'Join Us', slug: 'join-us' })
})

describe('accepting an invitation', () => {
  it('the invited address joins with its role and lands on the organization; the link works once', async () => {
    const invitee = await createUser(database.db, { email: 'ivy@join.test' })
    const { token } = await createInvitation({ orgId: org.id, actorUserId: org.owner.id, email: 'ivy@join.test', role: 'ADMIN' })
    const stranger = await signedInClient((await createUser(database.db, { email: 'sid@join.test' })).id)

    const wrongUser = await stranger.act(acceptInvitationAction, { token })
    expect(wrongUser.result).toMatchObject({ ok: false, code: 'FORBIDDEN', message: wrongEmailMessage('ivy@join.test') })
    const visitor = await new RouteClient().act(acceptInvitationAction, { token })
    expect(visitor.result).toMatchObject({ ok: false, code: 'UNAUTHENTICATED' })
    const malformed = await stranger.act(acceptInvitationAction, {})
    expect(malformed.result).toMatchObject({ ok: false, code: 'VALIDATION', fieldErrors: { token: [INVITATION_NOT_FOUND_MESSAGE] } })
    expect(await database.db.membership.count({ where: { orgId: org.id } })).toBe(1)

    const client = await signedInClient(invitee.id)
    const accepted = await client.act(acceptInvitationAction, { token })
    expect(accepted.redirect, JSON.stringify(accepted.result)).toBe('/join-us')
    const membership = await database.db.membership.findUniqueOrThrow({ where: { orgId_userId: { orgId: org.id, userId: invitee.id } } })
    expect(membership.role).toBe('ADMIN')

    const again = await client.act(acceptInvitationAction, { token })
    expect(again.result).toMatchObject({ ok: false, code: 'GONE', message: INVITATION_GONE_MESSAGES.accepted })
  })

  it('an unknown link is NOT_FOUND', async () => {
    const client = await signedInClient((await createUser(database.db)).id)
    const outcome = await client.act(acceptInvitationAction, { token: 'a'.repeat(43) })
    expect(outcome.result).toMatchObject({ ok: false, code: 'NOT_FOUND', message: INVITATION_NOT_FOUND_MESSAGE })
  })
})
