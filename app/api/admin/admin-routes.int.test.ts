// The admin console's route handlers over HTTP, in-process: 404 for anyone who is not a
// super-admin (a tenant owner calling the actions directly), 403 for a super-admin who has not
// passed TOTP in this session, and for one who has: the action, then read-only mode refusing it
// with 409 until a break-glass token (set as a cookie by its route) lets it through, audited.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { encodeSessionCookie, sessionCookieName } from '@/app/_server/session'
import { createSession, markSessionMfaVerified } from '@/lib/auth/sessions'
import { db } from '@/lib/db'
import { createOrgWithOwner, createUser, recordJobs } from '@/lib/orgs/testing/fixtures'
import { RouteClient, type RouteHandler } from '@/lib/testing/route-client'
import { createTestDatabase, type TestDatabase } from '@/lib/testing/test-db'
import * as auditExport from './audit/export/route'
import * as breakGlass from './break-glass/route'
import * as readOnly from './read-only/route'
import * as deprovision from './tenants/[id]/deprovision/route'
import * as plan from './tenants/[id]/plan/route'
import * as resend from './tenants/[id]/resend/route'
import * as resume from './tenants/[id]/resume/route'
import * as retry from './tenants/[id]/retry/route'
import * as suspend from './tenants/[id]/suspend/route'
import * as trial from './tenants/[id]/trial/route'

let database: TestDatabase
let jobs: ReturnType<typeof recordJobs>

beforeAll(async () => {
  database = await createTestDatabase()
  jobs = recordJobs()
})
afterAll(async () => {
  jobs?.stop()
  await database?.close()
})

async function signedIn(options: { isSuperAdmin: boolean; mfa: boolean }): Promise<{ client: RouteClient; userId: string }> {
  const user = await createUser(db)
  if (options.isSuperAdmin) await db.user.update({ where: { id: user.id }, data: { isSuperAdmin: true, totpEnabledAt: new Date() } })
  const { sessionToken } = await createSession({ userId: user.id })
  if (options.mfa) await markSessionMfaVerified(sessionToken)
  const client = new RouteClient()
  client.cookies.set(sessionCookieName(), await encodeSessionCookie(sessionToken, user.id))
  return { client, userId: user.id }
}

async function activeTenant() {
  const org = await createOrgWithOwner(db)
  return db.tenant.create({ data: { orgId: org.id, slug: org.slug, namespace: `tenant-${org.slug}`, planId: 'free', state: 'ACTIVE' } })
}

const ACTIONS: [string, RouteHandler, object][] = [
  ['suspend', suspend.POST, { reason: 'abuse' }],
  ['resume', resume.POST, { reason: 'ok again' }],
  ['plan', plan.POST, { toPlanId: 'pro', reason: 'upgrade' }],
  ['retry', retry.POST, { reason: 'try again' }],
  ['deprovision', deprovision.POST, { reason: 'gone', confirmation: 'x' }],
  ['trial', trial.POST, { days: 7, reason: 'longer' }],
  ['resend', resend.POST, { outboxId: 'x', reason: 'lost' }],
]

describe('admin routes', () => {
  it('answer 404 to a tenant owner and to a stranger, and change nothing', async () => {
    const tenant = await activeTenant()
    const owner = new RouteClient()
    const ownerUser = await db.membership.findFirstOrThrow({ where: { orgId: tenant.orgId, role: 'OWNER' } })
    const { sessionToken } = await createSession({ userId: ownerUser.userId })
    owner.cookies.set(sessionCookieName(), await encodeSessionCookie(sessionToken, ownerUser.userId))
    for (const client of [owner, new RouteClient()]) {
      for (const [name, handler, body] of ACTIONS) {
        const result = await client.call(handler, `/api/admin/tenants/${tenant.id}/${name}`, { json: body, params: { id: tenant.id } })
        expect(result.status, name).toBe(404)
      }
      expect((await client.call(readOnly.POST, '/api/admin/read-only', { json: { enabled: true, reason: 'hijack' } })).status).toBe(404)
      expect((await client.call(breakGlass.POST, '/api/admin/break-glass', { json: { reason: 'hijack', minutes: 5 } })).status).toBe(404)
    }
    expect(jobs.sent).toEqual([])
    expect(await db.auditLog.count({ where: { tenantId: tenant.id } })).toBe(0)
  })

  it('answer 403 to a super-admin who has not passed TOTP in this session', async () => {
    const { client } = await signedIn({ isSuperAdmin: true, mfa: false })
    const tenant = await activeTenant()
    const result = await client.call(suspend.POST, `/api/admin/tenants/${tenant.id}/suspend`, {
      json: { reason: 'abuse' },
      params: { id: tenant.id },
    })
    expect(result.status).toBe(403)
    expect(jobs.sent).toEqual([])
  })

  it('let a verified super-admin act; 422 with a field message without a reason; read-only → 409 until break-glass, each use audited', async () => {
    const { client, userId } = await signedIn({ isSuperAdmin: true, mfa: true })
    const tenant = await activeTenant()
    const path = `/api/admin/tenants/${tenant.id}/suspend`
    const missing = await client.call(suspend.POST, path, { json: {}, params: { id: tenant.id } })
    expect(missing.status).toBe(422)
    expect(missing.body.fieldErrors?.reason?.[0]).toMatch(/reason/i)

    const ok = await client.call(suspend.POST, path, { json: { reason: 'abuse report' }, params: { id: tenant.id } })
    expect(ok.status, JSON.stringify(ok.body)).toBe(200)
    expect(jobs.sent.map((e) => e.name)).toEqual(['tenant/suspend.requested'])

    expect((await client.call(readOnly.POST, '/api/admin/read-only', { json: { enabled: true, reason: 'incident 9' } })).status).toBe(200)
    const refused = await client.call(suspend.POST, path, { json: { reason: 'abuse report' }, params: { id: tenant.id } })
    expect(refused.status).toBe(409)
    expect(refused.body).toMatchObject({ code: 'READ_ONLY', message: expect.stringMatching(/read-only \(incident 9\)/) })
    expect(jobs.sent).toHaveLength(1)

    const issued = await client.call(breakGlass.POST, '/api/admin/break-glass', { json: { reason: 'urgent abuse case', minutes: 5 } })
    expect(issued.status).toBe(200)
    expect(client.cookies.has('tenancy.break-glass')).toBe(true)
    const allowed = await client.call(suspend.POST, path, { json: { reason: 'abuse report' }, params: { id: tenant.id } })
    expect(allowed.status, JSON.stringify(allowed.body)).toBe(200)
    expect(jobs.sent).toHaveLength(2)
    expect(await db.auditLog.findFirst({ where: { action: 'admin.break_glass.used', actorUserId: userId } })).toMatchObject({
      reason: 'urgent abuse case',
      after: { operation: 'tenant.suspend' },
    })

    expect((await client.call(breakGlass.DELETE, '/api/admin/break-glass', { method: 'DELETE' })).status).toBe(200)
    expect(client.cookies.has('tenancy.break-glass')).toBe(false)
    expect((await client.call(suspend.POST, path, { json: { reason: 'abuse report' }, params: { id: tenant.id } })).status).toBe(409)
    expect((await client.call(readOnly.POST, '/api/admin/read-only', { json: { enabled: false, reason: 'incident over' } })).status).toBe(
      200,
    )
  })

  it('export the audit log as CSV (reads work in read-only mode), formula cells neutralised; 404 for a tenant owner', async () => {
    const { client } = await signedIn({ isSuperAdmin: true, mfa: true })
    const tenant = await activeTenant()
    expect((await client.call(readOnly.POST, '/api/admin/read-only', { json: { enabled: true, reason: 'audit time' } })).status).toBe(200)
    const response = await client.call(auditExport.GET, '/api/admin/audit/export', { query: { tenantId: tenant.id } })
    expect(response.status).toBe(200)
    expect(response.headers.get('content-type')).toMatch(/text\/csv/)
    expect(response.headers.get('content-disposition')).toMatch(/attachment; filename="audit-/)
    expect(String(response.body.text).split('\r\n')[0]).toBe(
      'id,at,action,actor_type,actor_email,org_id,tenant_id,target_type,target_id,reason,before,after,ip,request_id',
    )
    await db.auditLog.create({
      data: { action: 'admin.tenant.suspend', actorType: 'SUPER_ADMIN', tenantId: tenant.id, reason: '=HYPERLINK("http://evil")' },
    })
    const csv = String((await client.call(auditExport.GET, '/api/admin/audit/export', { query: { tenantId: tenant.id } })).body.text)
    expect(csv).toContain(`"'=HYPERLINK(""http://evil"")"`)
    expect(csv.split('\r\n').filter(Boolean)).toHaveLength(2)
    expect((await client.call(auditExport.GET, '/api/admin/audit/export', { query: { from: 'yesterday' } })).status).toBe(422)
    expect((await client.call(readOnly.POST, '/api/admin/read-only', { json: { enabled: false, reason: 'done' } })).status).toBe(200)
    expect((await new RouteClient().call(auditExport.GET, '/api/admin/audit/export')).status).toBe(404)
  })
})
