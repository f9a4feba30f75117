import crypto from 'node:crypto'
import { beforeAll, describe, expect, it } from 'vitest'
import { getEnv } from '../env'
import { renderTemplate, type TemplateName } from '../notifications/templates'
import { useTestDatabase } from '../testing/use-test-database'
import { expectAppError } from '../testing/expect-app-error'
import { createInvitation, MAX_OPEN_INVITATIONS } from './create-invitation'
import { addMember, createOrgWithOwner, createUser, type TestOrg } from './testing/fixtures'

const database = useTestDatabase()
let org: TestOrg

beforeAll(async () => {
  org = await createOrgWithOwner(database.db, {
    name: 'Invite Co',
    owner: await createUser(database.db, { email: 'olivia@invite.test', name: 'Olivia Owner' }),
  })
})

const openInvitations = (orgId: string, email: string) =>
  database.db.invitation.findMany({ where: { orgId, email, acceptedAt: null, revokedAt: null, expiresAt: { gt: new Date() } } })

describe('createInvitation', () => {
  it('stores only the token hash, expires in 7 days, emails the link once, and audits', async () => {
    const before = Date.now()
    const created = await createInvitation(
      { orgId: org.id, actorUserId: org.owner.id, email: '  New.Person@Example.COM ', role: 'ADMIN' },
      { requestId: 'req-inv' },
    )
    expect(created.email).toBe('new.person@example.com')
    expect(created.role).toBe('ADMIN')
    expect(created.token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(created.url).toBe(`${getEnv().appUrl}/invite?token=${created.token}`)
    expect(created.expiresAt.getTime() - before).toBeGreaterThanOrEqual(7 * 86_400_000 - 1000)
    expect(created.expiresAt.getTime() - before).toBeLessThanOrEqual(7 * 86_400_000 + 5000)

    const row = await database.db.invitation.findUniqueOrThrow({ where: { id: created.id } })
    expect(row.tokenHash).toBe(crypto.createHash('sha256').update(created.token).digest('hex'))
    expect(JSON.stringify(row)).not.toContain(created.token)
    expect(row).toMatchObject({
      orgId: org.id,
      email: 'new.person@example.com',
      role: 'ADMIN',
      invitedById: org.owner.id,
      acceptedAt: null,
      revokedAt: null,
    })

    expect(database.jobs.sent).toEqual([
      {
        name: 'notifications/email.requested',
        id: `org-invitation:${created.id}`,
        data: {
          template: 'invitation',
          to: 'new.person@example.com',
          data: {
            orgName: 'Invite Co',
            inviterName: 'Olivia Owner',
            role: 'ADMIN',
            url: created.url,
            expiresAt: created.expiresAt.toISOString(),
          },
          dedupeKey: `invitation:${created.id}`,
          orgId: org.id,
        },
        ts: undefined,
      },
    ])
    // What the job will render is valid for the template.
    const email = renderTemplate<TemplateName>('invitation', (database.jobs.sent[0]!.data as { data: Record<string, unknown> }).data, {
      appUrl: getEnv().appUrl,
      productName: 'Tenancy',
    })
    expect(email.subject).toBe('Olivia Owner invited you to Invite Co on Tenancy')
    expect(email.text).toContain(created.url)

    const audit = await database.db.auditLog.findFirstOrThrow({
      where: { orgId: org.id, action: 'org.invitation.created', targetId: created.id },
    })
    expect(audit).toMatchObject({
      actorUserId: org.owner.id,
      requestId: 'req-inv',
      after: { email: 'new.person@example.com', role: 'ADMIN', replacedInvitationIds: [] },
    })
    expect(JSON.stringify({ ...audit, id: String(audit.id) })).not.toContain(created.token)
  })

  it('replaces an open invitation for the same address (the old link stops working)', async () => {
    const first = await createInvitation({ orgId: org.id, actorUserId: org.owner.id, email: 'again@example.com', role: 'MEMBER' })
    // A resend waits for the address's limit (one email per 10 minutes).
    const later = { now: new Date(Date.now() + 11 * 60_000) }
    const second = await createInvitation(
      { orgId: org.id, actorUserId: org.owner.id, email: 'AGAIN@example.com', role: 'ADMIN' },
      undefined,
      later,
    )
    const open = (await openInvitations(org.id, 'again@example.com')).filter((i) => i.expiresAt > later.now)
    expect(open.map((i) => [i.id, i.role])).toEqual([[second.id, 'ADMIN']])
    expect((await database.db.invitation.findUniqueOrThrow({ where: { id: first.id } })).revokedAt).toBeInstanceOf(Date)
    expect(database.jobs.sent.map((e) => (e.data as { dedupeKey: string }).dedupeKey)).toEqual([
      `invitation:${first.id}`,
      `invitation:${second.id}`,
    ])
    const audit = await database.db.auditLog.findFirstOrThrow({ where: { action: 'org.invitation.created', targetId: second.id } })
    expect(audit.after).toMatchObject({ replacedInvitationIds: [first.id] })
  })

  it('leaves one open invitation, and sends one email, when the same address is invited concurrently', async () => {
    const outcomes = await Promise.allSettled(
      Array.from({ length: 4 }, () =>
        createInvitation({ orgId: org.id, actorUserId: org.owner.id, email: 'racer@example.com', role: 'MEMBER' }),
      ),
    )
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1)
    for (const refused of outcomes.filter((o) => o.status === 'rejected'))
      expect((refused as PromiseRejectedResult).reason).toMatchObject({ code: 'RATE_LIMITED' })
    expect(await openInvitations(org.id, 'racer@example.com')).toHaveLength(1)
    expect(await database.db.invitation.count({ where: { orgId: org.id, email: 'racer@example.com' } })).toBe(1)
    expect(database.jobs.sent).toHaveLength(1)
  })

  it('sends one address at most one email per 10 minutes and three a day, refused with when to retry', async () => {
    const start = Date.now()
    const at = (minutes: number) => ({ now: new Date(start + minutes * 60_000) })
    const invite = (minutes: number) =>
      createInvitation({ orgId: org.id, actorUserId: org.owner.id, email: 'resend@example.com', role: 'MEMBER' }, undefined, at(minutes))
    await invite(0)
    const soon = await expectAppError(invite(4), 'RATE_LIMITED')
    expect(soon.message).toBe('resend@example.com was invited recently. Try again in 6 minutes.')
    expect(soon.details.retryAfterSeconds).toBe(6 * 60)
    await invite(11)
    await invite(22)
    const fourth = await expectAppError(invite(33), 'RATE_LIMITED')
    expect(fourth.message).toBe('resend@example.com was invited recently. Try again in 24 hours.')
    expect(database.jobs.sent).toHaveLength(3)
    await invite(24 * 60 + 1)
    expect(database.jobs.sent).toHaveLength(4)
  })

  it('refuses someone who is already a member, with a field error', async () => {
    await addMember(database.db, org.id, 'MEMBER', await createUser(database.db, { email: 'already@example.com' }))
    await expectAppError(
      createInvitation({ orgId: org.id, actorUserId: org.owner.id, email: 'Already@Example.com', role: 'ADMIN' }),
      'VALIDATION',
      {
        email: 'already@example.com is already a member of this organization',
      },
    )
    await expectAppError(
      createInvitation({ orgId: org.id, actorUserId: org.owner.id, email: org.owner.email, role: 'MEMBER' }),
      'VALIDATION',
      { email: /already a member/ },
    )
    expect(database.jobs.sent).toEqual([])
  })

  it.each([
    ['', 'Enter a valid email address'],
    ['not-an-email', 'Enter a valid email address'],
    ['a@b', 'Enter a valid email address'],
    ['two@@example.com', 'Enter a valid email address'],
    ['<script>@example.com', 'Enter a valid email address'],
    [`${'x'.repeat(250)}@example.com`, 'At most 254 characters'],
  ])('refuses the address %j with a field error', async (email, message) => {
    await expectAppError(createInvitation({ orgId: org.id, actorUserId: org.owner.id, email, role: 'MEMBER' }), 'VALIDATION', {
      email: message,
    })
    expect(database.jobs.sent).toEqual([])
  })

  it('refuses an unknown role', async () => {
    await expectAppError(
      createInvitation({ orgId: org.id, actorUserId: org.owner.id, email: 'x@example.com', role: 'ROOT' as 'MEMBER' }),
      'VALIDATION',
      { role: /owner, admin or member/ },
    )
  })

  it('lets admins invite members and admins but not owners; members cannot invite', async () => {
    const admin = await addMember(database.db, org.id, 'ADMIN')
    const member = await addMember(database.db, org.id, 'MEMBER')
    await createInvitation({ orgId: org.id, actorUserId: admin.id, email: 'by-admin@example.com', role: 'ADMIN' })
    const error = await expectAppError(
      createInvitation({ orgId: org.id, actorUserId: admin.id, email: 'boss@example.com', role: 'OWNER' }),
      'FORBIDDEN',
    )
    expect(error.message).toBe('Only owners can invite an owner')
    await expectAppError(
      createInvitation({ orgId: org.id, actorUserId: member.id, email: 'friend@example.com', role: 'MEMBER' }),
      'FORBIDDEN',
    )
    await createInvitation({ orgId: org.id, actorUserId: org.owner.id, email: 'boss@example.com', role: 'OWNER' })
    expect(database.jobs.sent.map((e) => (e.data as { to: string }).to)).toEqual(['by-admin@example.com', 'boss@example.com'])
  })

  it('uses the inviter’s email when they have no name', async () => {
    const nameless = await createOrgWithOwner(database.db, {
      owner: await createUser(database.db, { email: 'nameless@example.test', name: null }),
    })
    await createInvitation({ orgId: nameless.id, actorUserId: nameless.owner.id, email: 'guest@example.com', role: 'MEMBER' })
    expect(database.jobs.sent[0]!.data).toMatchObject({ data: { inviterName: 'nameless@example.test' } })
  })

  it('refuses while the organization is scheduled for deletion', async () => {
    const doomed = await createOrgWithOwner(database.db)
    await database.db.organization.update({
      where: { id: doomed.id },
      data: { deletionRequestedAt: new Date(), deletionScheduledFor: new Date(Date.now() + 86_400_000) },
    })
    await expectAppError(
      createInvitation({ orgId: doomed.id, actorUserId: doomed.owner.id, email: 'late@example.com', role: 'MEMBER' }),
      'CONFLICT',
    )
    expect(database.jobs.sent).toEqual([])
  })

  it(`refuses more than ${MAX_OPEN_INVITATIONS} open invitations`, async () => {
    const busy = await createOrgWithOwner(database.db)
    const expiresAt = new Date(Date.now() + 86_400_000)
    await database.db.invitation.createMany({
      data: Array.from({ length: MAX_OPEN_INVITATIONS }, (_, i) => ({
        orgId: busy.id,
        email: `bulk${i}@example.com`,
        tokenHash: `bulk-${busy.id}-${i}`,
        expiresAt,
      })),
    })
    await expectAppError(
      createInvitation({ orgId: busy.id, actorUserId: busy.owner.id, email: 'one-more@example.com', role: 'MEMBER' }),
      'CONFLICT',
    )
    // Re-inviting an address that is already open replaces it, so it stays allowed.
    await createInvitation({ orgId: busy.id, actorUserId: busy.owner.id, email: 'bulk7@example.com', role: 'MEMBER' })
  })

  it('gives NOT_FOUND to a user outside the organization', async () => {
    const outsider = await createOrgWithOwner(database.db)
    await expectAppError(
      createInvitation({ orgId: org.id, actorUserId: outsider.owner.id, email: 'spy@example.com', role: 'MEMBER' }),
      'NOT_FOUND',
    )
    expect(database.jobs.sent).toEqual([])
  })
})
