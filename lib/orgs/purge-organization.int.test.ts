// The 30-day purge end to end, on the embedded runner with every real job function and the dry-run
// cluster: an organization built through the use cases (members by invitation, a pending invitation,
// an instance provisioned by the workflow, an invoice from the monthly run, usage samples, audit entries
// with addresses, a data export, sessions), deleted 31 days ago on the billing clock, is purged by the
// hourly job. Then no personal string of it is left in ANY table (every text, JSON and binary column of
// the schema is searched), it has no tenant, and its invoices are kept without its name or billing email.
// Also: a member of another organization keeps their account; a super-admin member too; a deletion
// asked 29 days ago is not purged; the owners' email a week before is sent once; a cancelled deletion
// stops the purge.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { recordAudit } from '../audit/record-audit'
import { createSession } from '../auth/sessions'
import { activateSubscription } from '../billing/activate-subscription'
import { generateMonthlyInvoices } from '../billing/generate-monthly-invoices'
import { monthOf } from '../billing/invoice-calculation'
import { startSubscription } from '../billing/start-subscription'
import { setClockOffset } from '../clock'
import { HelmCli } from '../helm/helm'
import { createDryRunKube } from '../k8s/dry-run'
import { validateManifest } from '../k8s/validate'
import { upsertUsageSamples } from '../metering/upsert-usage-samples'
import { requestProvisioning } from '../provisioning/request-provisioning'
import { startHarness, waitForState, type Harness } from '../provisioning/testing/harness'
import { useTestDatabase } from '../testing/use-test-database'
import { until } from '../testing/until'
import { sweepDeletionsJob } from '../../workflows/orgs/sweep-deletions'
import { acceptInvitation } from './accept-invitation'
import { createInvitation } from './create-invitation'
import { buildDataExport } from './data-export-build'
import { requestDataExport } from './data-export-request'
import { cancelOrganizationDeletion, requestOrganizationDeletion } from './delete-organization'
import { finishPurge, PURGE_STARTED_ACTION, PURGED_ACTION, PURGED_ORGANIZATION_NAME, removePeople } from './purge-organization'
import { sweepOrganizationDeletions } from './purge-sweep'
import { renameOrganization } from './update-organization'
import { addMember, createOrgWithOwner, createUser, type TestUser } from './testing/fixtures'
import { findStrings } from './testing/find-strings'

const database = useTestDatabase({ jobs: false })
const kube = createDryRunKube({ validate: validateManifest })
let harness: Harness

const DAY = 86_400_000
const UA = 'Mozilla/5.0 PurgecoLaptop'
const IP = { owner: '203.0.113.10', member: '203.0.113.20', kept: '203.0.113.30' }

beforeAll(() => {
  harness = startHarness(database.db, { mode: 'dry-run', kube, helm: new HelmCli() })
})
afterAll(async () => {
  setClockOffset(undefined)
  await harness?.stop()
})

/** Runs `fn` with the billing clock `days` days from now (negative: in the past). */
async function daysFromNow<T>(days: number, fn: () => Promise<T>): Promise<T> {
  setClockOffset(days * DAY)
  try {
    return await fn()
  } finally {
    setClockOffset(undefined)
  }
}

async function jobsSettled() {
  await until(
    () =>
      database.db.jobRun.count({
        where: { status: { in: ['QUEUED', 'RUNNING', 'SLEEPING'] }, eventName: { not: 'inngest/scheduled.timer' } },
      }),
    (n) => n === 0,
    90_000,
  )
}

/** The hourly job as the runner fires it (a cron tick of orgs-sweep-deletions), then its purges, to the end. */
async function runDeletionSweep(tick = new Date()) {
  await harness.engine.createRun(sweepDeletionsJob, {
    id: `cron:${sweepDeletionsJob.id}:${tick.toISOString()}`,
    name: 'inngest/scheduled.timer',
    data: { cron: '17 * * * *', tick: tick.toISOString() },
    ts: tick.getTime(),
  })
  harness.engine.wake.emit('work')
  await until(
    () =>
      database.db.jobRun.findFirst({
        where: { functionId: sweepDeletionsJob.id, eventId: `cron:${sweepDeletionsJob.id}:${tick.toISOString()}` },
      }),
    (run) => run?.status === 'SUCCEEDED',
    30_000,
  )
  await until(
    () =>
      database.db.jobRun.count({ where: { functionId: 'orgs-purge-organization', status: { notIn: ['SUCCEEDED', 'DEAD', 'FAILED'] } } }),
    (n) => n === 0,
    120_000,
  )
}

async function invite(orgId: string, by: TestUser, email: string, ip: string) {
  return createInvitation({ orgId, actorUserId: by.id, email, role: 'MEMBER' }, { ip, userAgent: UA, requestId: 'req-invite' })
}

describe('the organization purge', () => {
  it('leaves no personal data of an organization deleted 31 days ago in any table, no tenant, and its invoices', async () => {
    const db = database.db
    // People: the owner and a member belong to this organization only; Kim owns another one too; Sam is a super-admin.
    const olga = await createUser(db, { email: 'olga.purgeowner@purge-co.test', name: 'Olga Purgeowner' })
    const mark = await createUser(db, { email: 'mark.onlymember@purge-co.test', name: 'Mark Onlymember' })
    const kim = await createUser(db, { email: 'kim.kept@other-co.test', name: 'Kim Keptmember' })
    const sam = await createUser(db, { email: 'sam.admin@tenancy.test', name: 'Sam Superadmin' })
    await db.user.update({ where: { id: sam.id }, data: { isSuperAdmin: true } })
    const other = await createOrgWithOwner(db, { name: 'Otherco', slug: 'otherco-5522', owner: kim })

    const org = await createOrgWithOwner(db, { name: 'Purgeco Ltd', slug: 'pco-7341', owner: olga })
    await renameOrganization({ orgId: org.id, userId: olga.id, name: 'Purgeco Holdings' }, { ip: IP.owner, userAgent: UA })
    await db.organization.update({ where: { id: org.id }, data: { billingEmail: 'billing@purge-co.test' } })
    for (const [user, ip] of [
      [mark, IP.member],
      [kim, IP.kept],
    ] as const) {
      const { token } = await invite(org.id, olga, user.email, IP.owner)
      await acceptInvitation({ token, userId: user.id }, { ip, userAgent: UA })
    }
    await invite(org.id, olga, 'ivy.invitee@elsewhere.test', IP.owner)
    await addMember(db, org.id, 'ADMIN', sam)
    // Signing in leaves sessions and audit entries with the address, and a failed attempt names the email.
    await createSession({ userId: olga.id, ip: IP.owner, userAgent: UA })
    await createSession({ userId: kim.id, ip: '198.51.100.44', userAgent: 'KimsOwnBrowser' })
    await recordAudit({
      action: 'auth.sign_in.succeeded',
      actorType: 'USER',
      actorUserId: olga.id,
      targetType: 'user',
      targetId: olga.id,
      after: { email: olga.email, method: 'password' },
      ip: IP.owner,
      userAgent: UA,
    })
    await recordAudit({ action: 'auth.sign_in.failed', actorType: 'USER', targetType: 'user', after: { email: mark.email }, ip: IP.member })

    // Billing: pro, paying since 70 days ago; the monthly run invoices that month.
    const since = new Date(Date.now() - 70 * DAY)
    await startSubscription({ orgId: org.id, planId: 'pro', now: since })
    await daysFromNow(-69, () => activateSubscription({ orgId: org.id, userId: olga.id }))
    const month = monthOf(since)
    expect((await generateMonthlyInvoices({ periodStart: month.periodStart })).created).toBeGreaterThanOrEqual(1)
    const invoicesBefore = await db.invoice.findMany({ where: { orgId: org.id }, include: { lines: true }, orderBy: { number: 'asc' } })
    expect(invoicesBefore.length).toBe(1)
    expect(invoicesBefore[0]!.number).toBe(`INV-PCO-7341-${month.periodStart.toISOString().slice(0, 7).replace('-', '')}`)

    // The instance, provisioned by the real workflow (the owners get the instance-ready email), and its usage.
    const { tenantId } = await requestProvisioning({ orgId: org.id, slug: org.slug, planId: 'pro', requestedBy: olga.id })
    expect((await waitForState(db, tenantId, ['ACTIVE', 'FAILED'])).state).toBe('ACTIVE')
    const hour = 3_600_000
    const start = Math.floor(Date.now() / hour) * hour - 48 * hour
    await upsertUsageSamples(
      db,
      Array.from({ length: 48 }, (_, h) => ({
        tenantId,
        metric: 'STORAGE_USED_BYTES' as const,
        volume: 'data-postgres-0',
        windowStart: new Date(start + h * hour),
        windowEnd: new Date(start + (h + 1) * hour),
        value: 1_000_000 + h,
      })),
    )
    // A data export holds everything above.
    const requested = await requestDataExport({ orgId: org.id, userId: olga.id }, { ip: IP.owner, userAgent: UA })
    await until(
      () => db.dataExport.findUniqueOrThrow({ where: { id: requested.id } }),
      (e) => e.status === 'READY',
      60_000,
    )
    expect(await buildDataExport(requested.id)).toMatchObject({ status: 'READY', alreadyBuilt: true })

    // Deleted 31 days ago on the billing clock; the hourly job of 5 days ago emailed the owner a week before.
    await daysFromNow(-31, () => requestOrganizationDeletion({ orgId: org.id, userId: olga.id, confirmation: org.slug }, { ip: IP.owner }))
    await daysFromNow(-5, () => sweepOrganizationDeletions())
    await jobsSettled()
    expect(await db.notificationOutbox.count({ where: { orgId: org.id, template: 'organization-deletion-notice' } })).toBe(1)
    const personal = [
      olga.email,
      'Olga Purgeowner',
      mark.email,
      'Mark Onlymember',
      'ivy.invitee@elsewhere.test',
      'Purgeco Holdings',
      'Purgeco Ltd',
      'billing@purge-co.test',
      IP.owner,
      IP.member,
      IP.kept,
      'PurgecoLaptop',
    ]
    // The check finds what is there: before the purge, each string is somewhere.
    const before = await findStrings(database.sql, personal)
    expect(new Set(before.map((h) => h.needle))).toEqual(new Set(personal.map((p) => p.toLowerCase())))
    expect(before.some((h) => h.table === 'DataExportChunk')).toBe(true)

    await runDeletionSweep()

    const run = await db.jobRun.findFirstOrThrow({
      where: { functionId: 'orgs-purge-organization', eventData: { path: ['orgId'], equals: org.id } },
    })
    expect(run.status, run.error ?? '').toBe('SUCCEEDED')
    // Not one personal string of the organization is left, in any table.
    expect(await findStrings(database.sql, personal)).toEqual([])
    // The address stays taken (the invoice numbers carry it): only in the tombstone and the invoice numbers.
    const slugHits = await findStrings(database.sql, [org.slug])
    expect(new Set(slugHits.map((h) => `${h.table}.${h.column}`))).toEqual(new Set(['Organization.slug', 'Invoice.number']))

    // No tenant: no row, no namespace left in the cluster.
    expect(await db.tenant.count({ where: { orgId: org.id } })).toBe(0)
    expect(await db.usageSample.count({ where: { tenantId } })).toBe(0)
    expect(kube.objects().filter((o) => o.metadata.name === `tenant-${org.slug}` || o.metadata.namespace === `tenant-${org.slug}`)).toEqual(
      [],
    )
    expect(await db.provisioningRun.count({ where: { tenantId } })).toBe(0)

    // Invoices kept, amounts and lines unchanged; the organization they belong to has no name or email left.
    const invoicesAfter = await db.invoice.findMany({ where: { orgId: org.id }, include: { lines: true }, orderBy: { number: 'asc' } })
    expect(invoicesAfter).toEqual(invoicesBefore)
    const tombstone = await db.organization.findUniqueOrThrow({ where: { id: org.id } })
    expect(tombstone).toMatchObject({ name: PURGED_ORGANIZATION_NAME, billingEmail: null, slug: org.slug })
    expect(tombstone.purgedAt).not.toBeNull()
    expect(await db.subscription.findUniqueOrThrow({ where: { orgId: org.id } })).toMatchObject({ status: 'CANCELED' })
    expect(await db.planPeriod.count({ where: { orgId: org.id, endsAt: null } })).toBe(0)

    // People: the owner and the member are gone with their sessions; Kim and the super-admin keep their accounts.
    expect(await db.user.count({ where: { id: { in: [olga.id, mark.id] } } })).toBe(0)
    expect(await db.session.count({ where: { userId: olga.id } })).toBe(0)
    expect(await db.membership.count({ where: { orgId: org.id } })).toBe(0)
    expect(await db.invitation.count({ where: { orgId: org.id } })).toBe(0)
    expect(await db.dataExport.count({ where: { orgId: org.id } })).toBe(0)
    expect(await db.user.findUnique({ where: { id: kim.id } })).toMatchObject({ email: kim.email })
    expect(await db.membership.findMany({ where: { userId: kim.id }, select: { orgId: true, role: true } })).toEqual([
      { orgId: other.id, role: 'OWNER' },
    ])
    expect(await db.session.count({ where: { userId: kim.id } })).toBe(1)
    expect(await db.user.findUnique({ where: { id: sam.id } })).toMatchObject({ isSuperAdmin: true })
    // Kim's address and name are in her own account only: nothing of the purged organization names her.
    for (const hit of await findStrings(database.sql, [kim.email, 'Kim Keptmember', sam.email]))
      expect(`${hit.table}.${hit.column}`, hit.excerpt).toMatch(/^User\.(email|name)$/)

    // The audit log keeps what happened and when, without who or from where, and says what the purge removed.
    const renamed = await db.auditLog.findFirstOrThrow({ where: { orgId: org.id, action: 'org.renamed' } })
    expect(renamed).toMatchObject({ actorUserId: null, ip: null, userAgent: null, before: null, after: null })
    const purged = await db.auditLog.findFirstOrThrow({ where: { orgId: org.id, action: PURGED_ACTION } })
    expect(purged).toMatchObject({ actorType: 'SYSTEM', ip: null })
    expect(purged.after).toMatchObject({
      users: 2,
      usersKept: 2,
      memberships: 4,
      invitations: 3,
      dataExports: 1,
      tenants: 1,
      usageSamples: 48,
      invoicesKept: 1,
      subscription: 'canceled',
    })
    expect((purged.after as { sessions: number }).sessions).toBe(1)
    expect((purged.after as { emails: number }).emails).toBeGreaterThanOrEqual(5)
  })

  it('does not purge a deletion asked 29 days ago; its owners are emailed a week before, once', async () => {
    const db = database.db
    const org = await createOrgWithOwner(db, { name: 'Almostgone Inc', slug: 'almost-gone' })
    const coOwner = await addMember(db, org.id, 'OWNER')
    const { tenantId } = await requestProvisioning({ orgId: org.id, slug: org.slug, planId: 'free', requestedBy: org.owner.id })
    expect((await waitForState(db, tenantId, ['ACTIVE', 'FAILED'])).state).toBe('ACTIVE')
    await daysFromNow(-29, () => requestOrganizationDeletion({ orgId: org.id, userId: org.owner.id, confirmation: org.slug }))

    await runDeletionSweep(new Date(Date.now() - 3_600_000))
    await runDeletionSweep()
    await jobsSettled()

    expect(
      await db.jobRun.count({ where: { functionId: 'orgs-purge-organization', eventData: { path: ['orgId'], equals: org.id } } }),
    ).toBe(0)
    const row = await db.organization.findUniqueOrThrow({ where: { id: org.id } })
    expect(row).toMatchObject({ name: 'Almostgone Inc', purgeStartedAt: null, purgedAt: null })
    expect((await db.tenant.findUniqueOrThrow({ where: { id: tenantId } })).state).toBe('ACTIVE')
    expect(await db.membership.count({ where: { orgId: org.id } })).toBe(2)
    // One email to each owner, however many passes: the date, and where to cancel.
    const notices = await db.notificationOutbox.findMany({ where: { orgId: org.id, template: 'organization-deletion-notice' } })
    expect(notices.map((n) => n.toEmail).sort()).toEqual([org.owner.email, coOwner.email].sort())
    expect(notices[0]!.subject).toMatch(/^Almostgone Inc will be deleted on \w+ \d+, \d{4}$/)
    expect(notices[0]!.bodyText).toContain('cancel the deletion in Settings')
    expect(notices[0]!.bodyText).toContain(`/almost-gone/settings`)
    expect(row.deletionNoticeFor).toEqual(row.deletionScheduledFor)
  })

  it('resumes a purge that stopped after its first step, counting what that step removed, and finishes once', async () => {
    const db = database.db
    const org = await createOrgWithOwner(db, { name: 'Crashed Midway', slug: 'crashed-midway' })
    await addMember(db, org.id, 'MEMBER')
    await daysFromNow(-31, () => requestOrganizationDeletion({ orgId: org.id, userId: org.owner.id, confirmation: org.slug }))
    // The first step committed, then the process died before the runner recorded it.
    expect(await removePeople(org.id)).toMatchObject({ status: 'started', resumed: false, counts: { users: 2, memberships: 2 } })
    // Nobody is left to cancel: the owner is gone with the membership.
    expect(await db.user.count({ where: { id: org.owner.id } })).toBe(0)

    await runDeletionSweep()

    const run = await db.jobRun.findFirstOrThrow({
      where: { functionId: 'orgs-purge-organization', eventData: { path: ['orgId'], equals: org.id } },
    })
    expect(run.status, run.error ?? '').toBe('SUCCEEDED')
    const steps = await db.jobStep.findMany({ where: { runId: run.id }, orderBy: { startedAt: 'asc' } })
    expect(steps.map((s) => s.stepId)).toEqual(['remove-people', 'end-subscription', 'deprovision-0', 'finish'])
    expect(steps[0]!.output).toMatchObject({ v: { status: 'started', resumed: true, counts: { users: 0 } } })
    expect(await finishPurge(org.id)).toEqual({ status: 'already-purged' })
    const entries = await db.auditLog.findMany({ where: { orgId: org.id, action: { in: [PURGE_STARTED_ACTION, PURGED_ACTION] } } })
    expect(entries.map((e) => e.action).sort()).toEqual([PURGE_STARTED_ACTION, PURGED_ACTION].sort())
    expect(entries.find((e) => e.action === PURGED_ACTION)!.after).toMatchObject({ users: 2, memberships: 2, tenants: 0 })
  })

  it('stops when the deletion was cancelled, even for a purge already asked for', async () => {
    const db = database.db
    const org = await createOrgWithOwner(db, { name: 'Changed Mind', slug: 'changed-mind' })
    await daysFromNow(-31, () => requestOrganizationDeletion({ orgId: org.id, userId: org.owner.id, confirmation: org.slug }))
    await cancelOrganizationDeletion({ orgId: org.id, userId: org.owner.id })
    // A purge asked for before the cancellation (the hourly job ran just before it) finds nothing to do.
    await harness.engine.send({ name: 'orgs/purge.requested', id: `org-purge:${org.id}`, data: { orgId: org.id } })
    await runDeletionSweep()
    const run = await db.jobRun.findFirstOrThrow({
      where: { functionId: 'orgs-purge-organization', eventData: { path: ['orgId'], equals: org.id } },
    })
    // The run's output as the runner records it ({ v: what the function returned }).
    expect(run).toMatchObject({ status: 'SUCCEEDED', output: { v: { status: 'canceled' } } })
    expect(
      await db.jobRun.count({ where: { functionId: 'orgs-purge-organization', eventData: { path: ['orgId'], equals: org.id } } }),
    ).toBe(1)
    expect(await db.organization.findUniqueOrThrow({ where: { id: org.id } })).toMatchObject({ name: 'Changed Mind', purgeStartedAt: null })
    expect(await db.user.count({ where: { id: org.owner.id } })).toBe(1)
    expect(await db.membership.count({ where: { orgId: org.id } })).toBe(1)
  })
})
