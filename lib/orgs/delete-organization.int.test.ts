import { afterEach, describe, expect, it } from 'vitest'
import { now as clockNow, setClockOffset } from '../clock'
import { useTestDatabase } from '../testing/use-test-database'
import { expectAppError } from '../testing/expect-app-error'
import { requireMembership } from './authorize'
import { cancelOrganizationDeletion, confirmationMessage, requestOrganizationDeletion, RETENTION_DAYS } from './delete-organization'
import { addMember, createOrgWithOwner } from './testing/fixtures'

const database = useTestDatabase()

const DAY = 86_400_000
const orgRow = (id: string) => database.db.organization.findUniqueOrThrow({ where: { id } })

describe('requestOrganizationDeletion', () => {
  afterEach(() => setClockOffset(undefined))

  it('counts the retention window on the billing clock (the purge reads it too)', async () => {
    const org = await createOrgWithOwner(database.db, { slug: 'clock-going-away' })
    setClockOffset(40 * DAY)
    const schedule = await requestOrganizationDeletion({ orgId: org.id, userId: org.owner.id, confirmation: 'clock-going-away' })
    expect(Math.abs(schedule.deletionRequestedAt!.getTime() - clockNow().getTime())).toBeLessThan(60_000)
    expect(Math.round((schedule.deletionScheduledFor!.getTime() - clockNow().getTime()) / DAY)).toBe(RETENTION_DAYS)
  })

  it('keeps the retention window at 30 days', () => {
    expect(RETENTION_DAYS).toBe(30)
  })

  it('needs the exact slug typed as confirmation', async () => {
    const org = await createOrgWithOwner(database.db, { slug: 'exact-slug' })
    for (const confirmation of ['', 'exact', 'Exact-Slug', ' exact-slug', 'exact-slug ', 'EXACT-SLUG', org.name, org.id]) {
      await expectAppError(requestOrganizationDeletion({ orgId: org.id, userId: org.owner.id, confirmation }), 'VALIDATION', {
        confirmation: 'Type exact-slug to confirm',
      })
    }
    expect(confirmationMessage('exact-slug')).toBe('Type exact-slug to confirm')
    expect((await orgRow(org.id)).deletionScheduledFor).toBeNull()
    expect(await database.db.auditLog.count({ where: { orgId: org.id, action: { startsWith: 'org.deletion' } } })).toBe(0)
  })

  it('schedules the deletion RETENTION_DAYS ahead and audits it; asking again keeps the date', async () => {
    const org = await createOrgWithOwner(database.db, { slug: 'going-away' })
    const before = Date.now()
    const schedule = await requestOrganizationDeletion(
      { orgId: org.id, userId: org.owner.id, confirmation: 'going-away' },
      { requestId: 'req-del' },
    )
    expect(schedule.deletionRequestedAt!.getTime()).toBeGreaterThanOrEqual(before - 1000)
    expect(schedule.deletionScheduledFor!.getTime() - schedule.deletionRequestedAt!.getTime()).toBe(RETENTION_DAYS * DAY)
    expect(await orgRow(org.id)).toMatchObject({
      deletionRequestedAt: schedule.deletionRequestedAt,
      deletionScheduledFor: schedule.deletionScheduledFor,
    })
    const audit = await database.db.auditLog.findFirstOrThrow({ where: { orgId: org.id, action: 'org.deletion.requested' } })
    expect(audit).toMatchObject({
      actorUserId: org.owner.id,
      requestId: 'req-del',
      after: { deletionScheduledFor: schedule.deletionScheduledFor!.toISOString() },
    })

    const again = await requestOrganizationDeletion({ orgId: org.id, userId: org.owner.id, confirmation: 'going-away' })
    expect(again.deletionScheduledFor).toEqual(schedule.deletionScheduledFor)
    expect(await database.db.auditLog.count({ where: { orgId: org.id, action: 'org.deletion.requested' } })).toBe(1)
    // Members still see the organization (with the date) during the window.
    expect((await requireMembership({ orgSlug: 'going-away', userId: org.owner.id })).org.deletionScheduledFor).toEqual(
      schedule.deletionScheduledFor,
    )
  })

  it('is for owners only', async () => {
    const org = await createOrgWithOwner(database.db, { slug: 'owners-only' })
    const admin = await addMember(database.db, org.id, 'ADMIN')
    const member = await addMember(database.db, org.id, 'MEMBER')
    await expectAppError(requestOrganizationDeletion({ orgId: org.id, userId: admin.id, confirmation: 'owners-only' }), 'FORBIDDEN')
    await expectAppError(requestOrganizationDeletion({ orgId: org.id, userId: member.id, confirmation: 'owners-only' }), 'FORBIDDEN')
    expect((await orgRow(org.id)).deletionScheduledFor).toBeNull()
  })
})

describe('cancelOrganizationDeletion', () => {
  it('undoes a scheduled deletion, with before and after in the audit log', async () => {
    const org = await createOrgWithOwner(database.db, { slug: 'changed-mind' })
    const schedule = await requestOrganizationDeletion({ orgId: org.id, userId: org.owner.id, confirmation: 'changed-mind' })
    const restored = await cancelOrganizationDeletion({ orgId: org.id, userId: org.owner.id })
    expect(restored).toEqual({ id: org.id, slug: 'changed-mind', deletionRequestedAt: null, deletionScheduledFor: null })
    expect(await orgRow(org.id)).toMatchObject({ deletionRequestedAt: null, deletionScheduledFor: null })
    const audit = await database.db.auditLog.findFirstOrThrow({ where: { orgId: org.id, action: 'org.deletion.canceled' } })
    expect(audit).toMatchObject({
      actorUserId: org.owner.id,
      before: { deletionScheduledFor: schedule.deletionScheduledFor!.toISOString() },
      after: { deletionScheduledFor: null },
    })
    // And it can be requested again, with a fresh window.
    expect(
      (await requestOrganizationDeletion({ orgId: org.id, userId: org.owner.id, confirmation: 'changed-mind' })).deletionScheduledFor,
    ).not.toBeNull()
  })

  it('refuses when nothing is scheduled, and non-owners', async () => {
    const org = await createOrgWithOwner(database.db, { slug: 'not-leaving' })
    expect((await expectAppError(cancelOrganizationDeletion({ orgId: org.id, userId: org.owner.id }), 'CONFLICT')).message).toBe(
      'No deletion is scheduled for this organization',
    )
    await requestOrganizationDeletion({ orgId: org.id, userId: org.owner.id, confirmation: 'not-leaving' })
    const admin = await addMember(database.db, org.id, 'ADMIN')
    await expectAppError(cancelOrganizationDeletion({ orgId: org.id, userId: admin.id }), 'FORBIDDEN')
    expect((await orgRow(org.id)).deletionScheduledFor).not.toBeNull()
  })
})
