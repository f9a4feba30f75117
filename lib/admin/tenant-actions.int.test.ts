// The console's actions on a real database: each sends its workflow event (recorded), writes one
// audit entry with who, why, before and after, and refuses what makes no sense for the state.
// Read-only mode refuses every write with READ_ONLY until a break-glass token is used; each use
// is audited.
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { db } from '../db'
import { resetEnvCache } from '../env'
import { createOrgWithOwner, createTenant, createUser } from '../orgs/testing/fixtures'
import { useTestDatabase } from '../testing/use-test-database'
import { expectAppError } from '../testing/expect-app-error'
import { now as clockNow } from '../clock'
import type { AdminActor } from './admin-actor'
import type { AdminContext } from './admin-context'
import { authorizeAdminWrite } from './authorize-admin-write'
import { changeTenantPlan } from './change-tenant-plan'
import { deprovisionTenant } from './deprovision-tenant'
import { extendTrial } from './extend-trial'
import { issueBreakGlass } from './issue-break-glass'
import { readOnlyState } from './read-only-state'
import { resendNotification } from './resend-notification'
import { resumeTenant } from './resume-tenant'
import { retryTenantProvisioning } from './retry-tenant-provisioning'
import { setReadOnly } from './set-read-only'
import { suspendTenant, suspendTenantInput } from './suspend-tenant'

const database = useTestDatabase()
let actor: AdminActor
/** A console call's context: this admin, now from the billing clock unless a test fixes it. */
const ctx = (now = clockNow()): AdminContext => ({ actor, request: { requestId: 'req-test', ip: '203.0.113.9' }, now })

beforeAll(async () => {
  const admin = await createUser(database.db, { email: `root-${Date.now()}@example.test` })
  await database.db.user.update({ where: { id: admin.id }, data: { isSuperAdmin: true } })
  actor = { userId: admin.id, ip: '203.0.113.9', requestId: 'req-test' }
})

async function tenant(
  state: 'ACTIVE' | 'SUSPENDED' | 'FAILED' | 'PENDING',
  planId = 'free',
  subscription?: { status: 'TRIALING' | 'ACTIVE'; trialEndsAt?: Date; stripeSubscriptionId?: string },
) {
  const org = await createOrgWithOwner(db)
  const t = await createTenant(db, { orgId: org.id, slug: org.slug, planId, state })
  if (subscription) await db.subscription.create({ data: { orgId: org.id, planId, ...subscription } })
  return { org, tenant: t }
}

const lastAudit = (action: string, tenantId: string) => db.auditLog.findFirst({ where: { action, tenantId }, orderBy: { at: 'desc' } })

describe('tenant actions', () => {
  it('suspend sends its event with the reason and audits before/after; a suspended instance cannot be suspended again', async () => {
    const { tenant: t } = await tenant('ACTIVE')
    await suspendTenant({ tenantId: t.id, reason: 'abuse report #42' }, ctx())
    expect(database.jobs.sent).toEqual([
      expect.objectContaining({
        name: 'tenant/suspend.requested',
        data: { tenantId: t.id, reason: 'abuse report #42', requestedBy: actor.userId },
      }),
    ])
    const entry = await lastAudit('admin.tenant.suspend', t.id)
    expect(entry).toMatchObject({
      actorType: 'SUPER_ADMIN',
      actorUserId: actor.userId,
      reason: 'abuse report #42',
      before: { state: 'ACTIVE' },
      after: { state: 'SUSPENDED' },
      ip: '203.0.113.9',
      requestId: 'req-test',
    })
    await db.tenant.update({ where: { id: t.id }, data: { state: 'SUSPENDED' } })
    await expectAppError(suspendTenant({ tenantId: t.id, reason: 'again' }, ctx()), 'CONFLICT')
    expect(database.jobs.sent).toHaveLength(1)
  })

  it('requires a reason, and a tenant that exists', async () => {
    const { tenant: t } = await tenant('ACTIVE')
    // The input is parsed once, by the glue (app/_actions/admin): the schema is what refuses a blank reason.
    expect(suspendTenantInput.safeParse({ tenantId: t.id, reason: ' ' }).error?.issues[0]?.message).toMatch(/reason/)
    await expectAppError(suspendTenant({ tenantId: 'nope', reason: 'because' }, ctx()), 'NOT_FOUND')
    expect(database.jobs.sent).toEqual([])
  })

  it('resume only a suspended instance', async () => {
    const { tenant: t } = await tenant('SUSPENDED')
    await resumeTenant({ tenantId: t.id, reason: 'paid by wire' }, ctx())
    expect(database.jobs.sent.map((e) => e.name)).toEqual(['tenant/resume.requested'])
    expect(await lastAudit('admin.tenant.resume', t.id)).toMatchObject({
      reason: 'paid by wire',
      before: { state: 'SUSPENDED' },
      after: { state: 'ACTIVE' },
    })
    const { tenant: running } = await tenant('ACTIVE')
    await expectAppError(resumeTenant({ tenantId: running.id, reason: 'why not' }, ctx()), 'CONFLICT')
  })

  it('change plan: a known, different plan', async () => {
    const { tenant: t } = await tenant('ACTIVE', 'free')
    await changeTenantPlan({ tenantId: t.id, toPlanId: 'pro', reason: 'sales upgrade' }, ctx())
    expect(database.jobs.sent).toEqual([
      expect.objectContaining({
        name: 'tenant/plan-change.requested',
        data: { tenantId: t.id, toPlanId: 'pro', requestedBy: actor.userId },
      }),
    ])
    expect(await lastAudit('admin.tenant.change_plan', t.id)).toMatchObject({ before: { planId: 'free' }, after: { planId: 'pro' } })
    await expectAppError(changeTenantPlan({ tenantId: t.id, toPlanId: 'free', reason: 'same plan' }, ctx()), 'CONFLICT')
    await expectAppError(changeTenantPlan({ tenantId: t.id, toPlanId: 'gold', reason: 'no such plan' }, ctx()), 'VALIDATION', {
      toPlanId: /No such plan/,
    })
    // A plan of another app: an instance never changes app by changing plan.
    await expectAppError(changeTenantPlan({ tenantId: t.id, toPlanId: 'mechanicbuddy-pro', reason: 'wrong app' }, ctx()), 'VALIDATION', {
      toPlanId: /^mechanicbuddy-pro is a plan of mechanicbuddy; this instance runs generic$/,
    })
  })

  it('retry a failed provisioning (as SUPER_ADMIN), not a running instance', async () => {
    const { tenant: t } = await tenant('FAILED')
    await retryTenantProvisioning({ tenantId: t.id, reason: 'cluster fixed' }, ctx())
    expect(database.jobs.sent.map((e) => e.name)).toEqual(['tenant/provision.requested'])
    expect((await db.tenant.findUniqueOrThrow({ where: { id: t.id } })).state).toBe('PENDING')
    expect(await lastAudit('tenant.provisioning.retried', t.id)).toMatchObject({ actorType: 'SUPER_ADMIN' })
    expect(await lastAudit('admin.tenant.retry_provisioning', t.id)).toMatchObject({ reason: 'cluster fixed', before: { state: 'FAILED' } })
    const { tenant: running } = await tenant('ACTIVE')
    await expectAppError(retryTenantProvisioning({ tenantId: running.id, reason: 'it is not failed' }, ctx()), 'CONFLICT')
  })

  it('deprovision needs the slug typed exactly', async () => {
    const { tenant: t } = await tenant('ACTIVE')
    await expectAppError(deprovisionTenant({ tenantId: t.id, reason: 'customer left', confirmation: 'yes' }, ctx()), 'VALIDATION', {
      confirmation: new RegExp(t.slug),
    })
    expect(database.jobs.sent).toEqual([])
    await deprovisionTenant({ tenantId: t.id, reason: 'customer left', confirmation: t.slug }, ctx())
    expect(database.jobs.sent.map((e) => e.name)).toEqual(['tenant/deprovision.requested'])
    expect(await lastAudit('admin.tenant.deprovision', t.id)).toMatchObject({ reason: 'customer left', before: { state: 'ACTIVE' } })
  })

  it('extend trial from its end (or from now once ended); not Stripe trials, not paid subscriptions', async () => {
    const now = new Date('2026-11-01T00:00:00Z')
    const end = new Date('2026-11-05T00:00:00Z')
    const { tenant: t } = await tenant('ACTIVE', 'pro', { status: 'TRIALING', trialEndsAt: end })
    const { trialEndsAt } = await extendTrial({ tenantId: t.id, days: 10, reason: 'evaluation' }, ctx(now))
    expect(trialEndsAt.toISOString()).toBe('2026-11-15T00:00:00.000Z')
    expect(await lastAudit('admin.subscription.extend_trial', t.id)).toMatchObject({
      before: { trialEndsAt: end.toISOString() },
      after: { trialEndsAt: '2026-11-15T00:00:00.000Z', days: 10 },
    })
    const { tenant: ended } = await tenant('ACTIVE', 'pro', { status: 'TRIALING', trialEndsAt: new Date('2026-10-01T00:00:00Z') })
    expect((await extendTrial({ tenantId: ended.id, days: 3, reason: 'late' }, ctx(now))).trialEndsAt.toISOString()).toBe(
      '2026-11-04T00:00:00.000Z',
    )
    const { tenant: stripe } = await tenant('ACTIVE', 'pro', {
      status: 'TRIALING',
      trialEndsAt: end,
      stripeSubscriptionId: `sub_${Date.now()}`,
    })
    await expectAppError(extendTrial({ tenantId: stripe.id, days: 3, reason: 'x-y-z' }, ctx(now)), 'CONFLICT')
    const { tenant: paid } = await tenant('ACTIVE', 'pro', { status: 'ACTIVE' })
    await expectAppError(extendTrial({ tenantId: paid.id, days: 3, reason: 'x-y-z' }, ctx(now)), 'CONFLICT')
  })

  it('resend an email of the organization: a new outbox row with the same message; another organization’s email is not found', async () => {
    const { org, tenant: t } = await tenant('ACTIVE')
    const original = await db.notificationOutbox.create({
      data: {
        dedupeKey: `welcome-${org.id}`,
        template: 'instance-ready',
        toEmail: org.owner.email,
        orgId: org.id,
        subject: 'Your instance is ready',
        bodyText: 'Hello',
        status: 'KEPT',
      },
    })
    const { outboxId, status } = await resendNotification({ tenantId: t.id, outboxId: original.id, reason: 'customer lost it' }, ctx())
    expect(outboxId).not.toBe(original.id)
    expect(status).toBe('KEPT') // no SMTP in tests: kept for the mailbox
    expect(await db.notificationOutbox.findUniqueOrThrow({ where: { id: outboxId } })).toMatchObject({
      subject: 'Your instance is ready',
      toEmail: org.owner.email,
    })
    expect(await lastAudit('admin.notification.resend', t.id)).toMatchObject({ targetId: original.id, after: { outboxId } })
    const { tenant: other } = await tenant('ACTIVE')
    await expectAppError(resendNotification({ tenantId: other.id, outboxId: original.id, reason: 'not theirs' }, ctx()), 'NOT_FOUND')
  })
})

describe('read-only mode and break-glass', () => {
  afterEach(async () => {
    await db.systemSetting.deleteMany({})
    delete process.env.ADMIN_READ_ONLY
    resetEnvCache()
  })

  it('read-only refuses writes (READ_ONLY); this admin’s break-glass token lets them through until it expires, audited', async () => {
    expect(await authorizeAdminWrite({ actor, operation: 'suspend' })).toEqual(actor)
    await setReadOnly({ enabled: true, reason: 'incident 17' }, ctx())
    expect(await readOnlyState()).toMatchObject({ isReadOnly: true, source: 'setting', reason: 'incident 17' })
    const refused = await expectAppError(authorizeAdminWrite({ actor, operation: 'suspend' }), 'READ_ONLY')
    expect(refused.message).toMatch(/read-only \(incident 17\)/)

    const now = new Date()
    const { token, expiresAt } = await issueBreakGlass({ reason: 'customer down, must resume', minutes: 10 }, ctx(), now)
    expect(expiresAt.getTime() - now.getTime()).toBe(600_000)
    const allowed = await authorizeAdminWrite({ actor, breakGlassToken: token, operation: 'resume' }, now)
    expect(allowed.breakGlassId).toBeTruthy()
    const uses = await db.auditLog.findMany({ where: { action: 'admin.break_glass.used' } })
    expect(uses).toHaveLength(1)
    expect(uses[0]).toMatchObject({
      actorUserId: actor.userId,
      reason: 'customer down, must resume',
      after: { operation: 'resume', use: 1 },
    })

    await expectAppError(
      authorizeAdminWrite({ actor, breakGlassToken: token, operation: 'resume' }, new Date(now.getTime() + 11 * 60_000)),
      'READ_ONLY',
    )
    await expectAppError(authorizeAdminWrite({ actor, breakGlassToken: 'bg_forged', operation: 'resume' }, now), 'READ_ONLY')
    const other = await createUser(db)
    await expectAppError(
      authorizeAdminWrite({ actor: { userId: other.id }, breakGlassToken: token, operation: 'resume' }, now),
      'READ_ONLY',
    )
    // The token is stored only as a hash.
    expect(JSON.stringify(await db.systemSetting.findMany())).not.toContain(token)

    await setReadOnly({ enabled: false, reason: 'incident over' }, ctx())
    expect(await authorizeAdminWrite({ actor, operation: 'suspend' })).toEqual(actor)
    expect(
      await db.auditLog.count({
        where: { action: { in: ['admin.read_only.enabled', 'admin.read_only.disabled', 'admin.break_glass.issued'] } },
      }),
    ).toBe(3)
  })

  it('read-only by configuration stays on in the console; break-glass needs read-only mode and a bounded lifetime', async () => {
    await expectAppError(issueBreakGlass({ reason: 'not needed', minutes: 5 }, ctx()), 'CONFLICT')
    process.env.ADMIN_READ_ONLY = 'true'
    resetEnvCache()
    expect(await readOnlyState()).toMatchObject({ isReadOnly: true, source: 'config' })
    await expectAppError(setReadOnly({ enabled: false, reason: 'let me' }, ctx()), 'CONFLICT')
    await expectAppError(issueBreakGlass({ reason: 'too long', minutes: 10_000 }, ctx()), 'VALIDATION', { minutes: /At most 60/ })
  })
})
