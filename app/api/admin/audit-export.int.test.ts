// The console's audit CSV download over HTTP, in-process: it works in read-only mode (it only
// reads), formula cells are neutralised, a bad filter is 422 and anyone but a super-admin gets 404.
import { describe, expect, it } from 'vitest'
import { setReadOnlyAction } from '@/app/_actions/admin/set-read-only'
import { signedInClient } from '@/app/_server/testing/signed-in-client'
import { createOrgWithOwner, createTenant, createUser } from '@/lib/orgs/testing/fixtures'
import { RouteClient } from '@/lib/testing/route-client'
import { useTestDatabase } from '@/lib/testing/use-test-database'
import * as auditExport from './audit/export/route'

const database = useTestDatabase()

describe('audit export', () => {
  it('exports the audit log as CSV (reads work in read-only mode), formula cells neutralised; 404 for a tenant owner', async () => {
    const db = database.db
    const admin = await createUser(db)
    await db.user.update({ where: { id: admin.id }, data: { isSuperAdmin: true, totpEnabledAt: new Date() } })
    const client = await signedInClient(admin.id, { mfa: true })
    const org = await createOrgWithOwner(db)
    const tenant = await createTenant(db, { orgId: org.id, slug: org.slug, planId: 'free', state: 'ACTIVE' })
    expect((await client.act(setReadOnlyAction, { enabled: 'true', reason: 'audit time' })).result).toMatchObject({ ok: true })
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
    expect((await client.act(setReadOnlyAction, { enabled: 'false', reason: 'done' })).result).toMatchObject({ ok: true })
    const owner = await db.membership.findFirstOrThrow({ where: { orgId: org.id, role: 'OWNER' } })
    for (const other of [new RouteClient(), await signedInClient(owner.userId)])
      expect((await other.call(auditExport.GET, '/api/admin/audit/export')).status).toBe(404)
  })
})
