// Invitations cannot be used to send mail in bulk: the Members page's invite action, submitted as
// the browser submits it by a signed-in owner, with the email job running on the embedded runner
// so that what counts is what reaches the outbox (NotificationOutbox). Re-inviting one address
// sends one email per 10 minutes; an organization sends at most 50 invitations an hour. Over a
// limit the answer is RATE_LIMITED with when to try again, and no email. The organization's name,
// which the invitation's subject carries, refuses control and direction characters and is bounded.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useTestDatabase } from '@/lib/testing/use-test-database'
import { until } from '@/lib/testing/until'
import { createOrgWithOwner } from '@/lib/orgs/testing/fixtures'
import { ORG_NAME_MESSAGES } from '@/lib/orgs/create-organization'
import { signedInClient } from '@/app/_server/testing/signed-in-client'
import { startEmailRunner } from '@/app/_server/testing/email-runner'
import { createInvitationAction } from './create-invitation'
import { renameOrganizationAction } from './rename-organization'

const database = useTestDatabase({ jobs: false })
let emails: ReturnType<typeof startEmailRunner>

beforeAll(() => {
  emails = startEmailRunner(database.db)
})
afterAll(() => emails?.stop())

/** Every email job sent so far has finished (its outbox row is written). */
async function emailJobsDone() {
  await until(
    () =>
      database.db.jobRun.count({ where: { functionId: 'notifications-send-email', status: { in: ['QUEUED', 'RUNNING', 'SLEEPING'] } } }),
    (pending) => pending === 0,
    60_000,
  )
}

type Outcome = { ok: boolean; code?: string; message?: string }

describe('invitation rate limits', () => {
  it('15 invitations of the same address send one email; the others are refused with when to retry', async () => {
    const org = await createOrgWithOwner(database.db, { name: 'Spam Co', slug: 'spam-co' })
    const owner = await signedInClient(org.owner.id)
    const outcomes: Outcome[] = []
    for (let i = 0; i < 15; i++) {
      const { result } = await owner.act(createInvitationAction, { org: org.slug, email: 'target@victim.test', role: 'MEMBER' })
      outcomes.push(result as Outcome)
    }
    expect(outcomes[0], JSON.stringify(outcomes[0])).toMatchObject({ ok: true })
    for (const refused of outcomes.slice(1)) {
      expect(refused).toMatchObject({ ok: false, code: 'RATE_LIMITED' })
      expect(refused.message).toMatch(/target@victim\.test.*Try again in \d+ minutes?\./)
    }
    await emailJobsDone()
    expect(await database.db.notificationOutbox.count({ where: { toEmail: 'target@victim.test', template: 'invitation' } })).toBe(1)
    // The first invitation stays open: a refused re-invite does not revoke it.
    expect(await database.db.invitation.count({ where: { orgId: org.id, email: 'target@victim.test', revokedAt: null } })).toBe(1)
  })

  it('an organization sends at most 50 invitations an hour, to distinct addresses too', async () => {
    const org = await createOrgWithOwner(database.db, { name: 'Bulk Co', slug: 'bulk-co' })
    const owner = await signedInClient(org.owner.id)
    const outcomes: Outcome[] = []
    for (let i = 0; i < 55; i++) {
      const { result } = await owner.act(createInvitationAction, { org: org.slug, email: `person-${i}@bulk.test`, role: 'MEMBER' })
      outcomes.push(result as Outcome)
    }
    expect(outcomes.slice(0, 50).every((o) => o.ok)).toBe(true)
    for (const refused of outcomes.slice(50)) {
      expect(refused).toMatchObject({ ok: false, code: 'RATE_LIMITED' })
      expect(refused.message).toMatch(/This organization sent too many invitations\. Try again in \d+ minutes?\./)
    }
    await emailJobsDone()
    expect(await database.db.notificationOutbox.count({ where: { orgId: org.id, template: 'invitation' } })).toBe(50)
    expect(await database.db.invitation.count({ where: { orgId: org.id } })).toBe(50)
  })

  it.each([
    ['a right-to-left override', 'Acme\u202Egnp.exe'],
    ['a right-to-left isolate', 'Acme\u2067Bank'],
    ['a left-to-right mark', 'Acme\u200ESupport'],
    ['a right-to-left mark', 'Acme\u200FSupport'],
    ['an Arabic letter mark', 'Acme\u061CSupport'],
    ['a line break (a second header line)', 'Acme\r\nBcc: everyone@example.test'],
  ])('the organization name refuses %s (it goes into the invitation subject)', async (_label, name) => {
    const org = await createOrgWithOwner(database.db)
    const outcome = await (await signedInClient(org.owner.id)).act(renameOrganizationAction, { org: org.slug, name })
    expect(outcome.result).toMatchObject({ ok: false, code: 'VALIDATION', fieldErrors: { name: [ORG_NAME_MESSAGES.control] } })
    expect((await database.db.organization.findUniqueOrThrow({ where: { id: org.id } })).name).toBe(org.name)
  })

  it('the organization name is bounded (80 characters)', async () => {
    const org = await createOrgWithOwner(database.db)
    const owner = await signedInClient(org.owner.id)
    const tooLong = await owner.act(renameOrganizationAction, { org: org.slug, name: 'Y'.repeat(81) })
    expect(tooLong.result).toMatchObject({ ok: false, code: 'VALIDATION', fieldErrors: { name: [ORG_NAME_MESSAGES.tooLong] } })
    expect((await owner.act(renameOrganizationAction, { org: org.slug, name: 'Y'.repeat(80) })).result).toMatchObject({ ok: true })
  })
})
