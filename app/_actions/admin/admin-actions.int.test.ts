// The console's server actions, called the way Next calls them (RouteClient.act): nothing for a
// tenant owner or a stranger (NOT_FOUND, nothing sent, nothing audited); FORBIDDEN for a
// super-admin who has not passed TOTP; for one who has, the action with its fields read from the
// form, then read-only mode refusing it until break-glass (an httpOnly cookie on /admin) lets it
// through, audited. And the extend-trial clock: an extension counts from the billing clock's today.
import { afterEach, describe, expect, it } from 'vitest'
import { signedInClient } from '@/app/_server/testing/signed-in-client'
import { now as clockNow, setClockOffset } from '@/lib/clock'
import { createOrgWithOwner, createTenant, createUser } from '@/lib/orgs/testing/fixtures'
import { RouteClient } from '@/lib/testing/route-client'
import { useTestDatabase } from '@/lib/testing/use-test-database'
import { breakGlassAction } from './break-glass'
import { changeTenantPlanAction } from './change-tenant-plan'
import { deprovisionTenantAction } from './deprovision-tenant'
import { endBreakGlassAction } from './end-break-glass'
import { extendTrialAction } from './extend-trial'
import { markInvoicePaidAction } from './mark-invoice-paid'
import { replayJobAction } from './replay-job'
import { resendNotificationAction } from './resend-notification'
import { resumeTenantAction } from './resume-tenant'
import { retryTenantProvisioningAction } from './retry-tenant-provisioning'
import { setReadOnlyAction } from './set-read-only'
import { suspendTenantAction } from './suspend-tenant'

const database = useTestDatabase()
const DAY = 86_400_000
afterEach(() => setClockOffset(undefined))

async function superAdmin(options: { mfa: boolean } = { mfa: true }) {
  const user = await createUser(database.db)
  await database.db.user.update({ where: { id: user.id }, data: { isSuperAdmin: true, totpEnabledAt: new Date() } })
  return { userId: user.id, client: await signedInClient(user.id, options) }
}

async function activeTenant(planId = 'free') {
  const org = await createOrgWithOwner(database.db)
  return createTenant(database.db, { orgId: org.id, slug: org.slug, planId, state: 'ACTIVE' })
}

type AnyAction = Parameters<RouteClient['act']>[0]

/** Every console write with fields it would accept. */
const WRITES = (tenantId: string): [string, AnyAction, Record<string, string>][] => [
  ['suspend', suspendTenantAction, { tenantId, reason: 'abuse' }],
  ['resume', resumeTenantAction, { tenantId, reason: 'ok again' }],
  ['plan', changeTenantPlanAction, { tenantId, toPlanId: 'pro', reason: 'upgrade' }],
  ['retry', retryTenantProvisioningAction, { tenantId, reason: 'try again' }],
  ['deprovision', deprovisionTenantAction, { tenantId, reason: 'gone', confirmation: 'x' }],
  ['trial', extendTrialAction, { tenantId, days: '7', reason: 'longer' }],
  ['resend', resendNotificationAction, { tenantId, outboxId: 'x', reason: 'lost' }],
  ['mark paid', markInvoicePaidAction, { invoiceId: 'x', reason: 'bank transfer' }],
  ['replay', replayJobAction, { runId: 'x', reason: 'remote fixed' }],
  ['read-only', setReadOnlyAction, { enabled: 'true', reason: 'hijack' }],
  ['break-glass', breakGlassAction, { reason: 'hijack', minutes: '5' }],
  ['end break-glass', endBreakGlassAction, {}],
]

describe('console actions', () => {
  it('answer NOT_FOUND to a tenant owner and to a stranger, and change nothing', async () => {
    const tenant = await activeTenant()
    const owner = await database.db.membership.findFirstOrThrow({ where: { orgId: tenant.orgId, role: 'OWNER' } })
    for (const client of [await signedInClient(owner.userId), new RouteClient()]) {
      for (const [name, action, fields] of WRITES(tenant.id)) {
        const { result, cookies } = await client.act(action, fields)
        expect(result, name).toMatchObject({ ok: false, code: 'NOT_FOUND' })
        expect(cookies, name).toEqual([])
      }
    }
    expect(database.jobs.sent).toEqual([])
    expect(await database.db.auditLog.count({ where: { tenantId: tenant.id } })).toBe(0)
    expect(await database.db.auditLog.count({ where: { action: { startsWith: 'admin.' } } })).toBe(0)
  })

  it('answer FORBIDDEN to a super-admin who has not passed TOTP in this session', async () => {
    const { client } = await superAdmin({ mfa: false })
    const tenant = await activeTenant()
    for (const [name, action, fields] of WRITES(tenant.id))
      expect((await client.act(action, fields)).result, name).toMatchObject({ ok: false, code: 'FORBIDDEN' })
    expect(database.jobs.sent).toEqual([])
  })

  it('refuse a post from another origin, or without one, before anything else', async () => {
    const { client } = await superAdmin()
    const tenant = await activeTenant()
    for (const origin of ['https://evil.example', ''])
      expect(
        (await client.act(suspendTenantAction, { tenantId: tenant.id, reason: 'abuse' }, { headers: { origin } })).result,
      ).toMatchObject({
        ok: false,
        code: 'FORBIDDEN',
      })
    expect(database.jobs.sent).toEqual([])
  })

  it('let a verified super-admin act; a field error without a reason; read-only refuses until break-glass, each use audited', async () => {
    const { client, userId } = await superAdmin()
    const tenant = await activeTenant()
    const missing = await client.act(suspendTenantAction, { tenantId: tenant.id })
    expect(missing.result).toMatchObject({ ok: false, code: 'VALIDATION', values: { tenantId: tenant.id } })
    expect(missing.result?.ok === false && missing.result.fieldErrors?.reason?.[0]).toMatch(/reason/i)

    // A reason is one line for the audit log: a line break (a forged second entry in a log view) is refused.
    const twoLines = await client.act(suspendTenantAction, { tenantId: tenant.id, reason: 'abuse\nresolved: nothing to see' })
    expect(twoLines.result?.ok === false && twoLines.result.fieldErrors?.reason?.[0]).toMatch(/line breaks/)
    const ok = await client.act(suspendTenantAction, { tenantId: tenant.id, reason: 'abuse report' })
    expect(ok.result).toMatchObject({ ok: true, data: { state: 'ACTIVE' } })
    expect(ok.refreshed).toBe(true)
    expect(database.jobs.sent.map((e) => e.name)).toEqual(['tenant/suspend.requested'])

    expect((await client.act(setReadOnlyAction, { enabled: 'true', reason: 'incident 9' })).result).toMatchObject({
      ok: true,
      data: { isReadOnly: true },
    })
    const refused = await client.act(suspendTenantAction, { tenantId: tenant.id, reason: 'abuse report' })
    expect(refused.result).toMatchObject({ ok: false, code: 'READ_ONLY', message: expect.stringMatching(/read-only \(incident 9\)/) })
    expect(database.jobs.sent).toHaveLength(1)

    const issued = await client.act(breakGlassAction, { reason: 'urgent abuse case', minutes: '5' })
    expect(issued.result).toMatchObject({ ok: true, data: { expiresAt: expect.any(String) } })
    // The token travels only in the cookie: httpOnly, same-site, on the console's pages.
    expect(issued.cookies).toEqual([
      expect.objectContaining({ name: 'tenancy.break-glass', path: '/admin', httpOnly: true, sameSite: 'strict' }),
    ])
    expect(JSON.stringify(issued.result)).not.toContain(issued.cookies[0]!.value)
    const allowed = await client.act(suspendTenantAction, { tenantId: tenant.id, reason: 'abuse report' })
    expect(allowed.result).toMatchObject({ ok: true })
    expect(database.jobs.sent).toHaveLength(2)
    expect(await database.db.auditLog.findFirst({ where: { action: 'admin.break_glass.used', actorUserId: userId } })).toMatchObject({
      reason: 'urgent abuse case',
      after: { operation: 'tenant.suspend' },
    })

    const ended = await client.act(endBreakGlassAction, {})
    expect(ended.cookies).toEqual([expect.objectContaining({ name: 'tenancy.break-glass', value: '', maxAge: 0, path: '/admin' })])
    expect(client.cookies.has('tenancy.break-glass')).toBe(false)
    expect((await client.act(suspendTenantAction, { tenantId: tenant.id, reason: 'abuse report' })).result).toMatchObject({
      code: 'READ_ONLY',
    })
    expect((await client.act(setReadOnlyAction, { enabled: 'false', reason: 'incident over' })).result).toMatchObject({
      ok: true,
      data: { isReadOnly: false },
    })
  })

  it('read numbers and yes/no from the form, with a clear message for what is not one', async () => {
    const { client } = await superAdmin()
    const org = await createOrgWithOwner(database.db)
    const tenant = await createTenant(database.db, { orgId: org.id, slug: org.slug, planId: 'pro', state: 'ACTIVE' })
    await database.db.subscription.create({ data: { orgId: org.id, planId: 'pro', status: 'TRIALING', trialEndsAt: new Date() } })
    const cases: [Record<string, string>, RegExp][] = [
      [{ days: '' }, /number of days/],
      [{ days: 'ten' }, /number of days/],
      [{ days: '2.5' }, /Whole days/],
      [{ days: '500' }, /At most 90/],
      [{ days: '0' }, /At least 1/],
    ]
    for (const [fields, message] of cases) {
      const { result } = await client.act(extendTrialAction, { tenantId: tenant.id, reason: 'evaluation', ...fields })
      expect(result, JSON.stringify(fields)).toMatchObject({ ok: false, code: 'VALIDATION', values: fields })
      expect(result?.ok === false && result.fieldErrors?.days?.join(' ')).toMatch(message)
    }
    const notBoolean = await client.act(setReadOnlyAction, { enabled: 'maybe', reason: 'incident 3' })
    expect(notBoolean.result).toMatchObject({ ok: false, code: 'VALIDATION', fieldErrors: { enabled: [expect.any(String)] } })
    expect(await database.db.auditLog.count({ where: { tenantId: tenant.id } })).toBe(0)
  })

  it('extend a trial that ended on the billing clock from the billing clock’s today, not the wall clock’s', async () => {
    const { client } = await superAdmin()
    const org = await createOrgWithOwner(database.db)
    const tenant = await createTenant(database.db, { orgId: org.id, slug: org.slug, planId: 'pro', state: 'ACTIVE' })
    // The trial ends in 10 days by the wall clock; the billing clock runs 40 days ahead, so it ended a month ago.
    await database.db.subscription.create({
      data: { orgId: org.id, planId: 'pro', status: 'TRIALING', trialEndsAt: new Date(Date.now() + 10 * DAY) },
    })
    setClockOffset(40 * DAY)
    const { result } = await client.act(extendTrialAction, { tenantId: tenant.id, days: '5', reason: 'evaluation' })
    expect(result).toMatchObject({ ok: true })
    const { trialEndsAt } = await database.db.subscription.findUniqueOrThrow({ where: { orgId: org.id } })
    expect(Math.round((trialEndsAt!.getTime() - clockNow().getTime()) / DAY)).toBe(5)
  })
})
