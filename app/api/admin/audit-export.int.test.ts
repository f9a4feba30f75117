// The console's audit CSV download over HTTP, in-process: it works in read-only mode (it only
// reads), formula cells are neutralised, a bad filter is 422 and anyone but a super-admin gets 404;
// a refused or failing query is a status (never a 200 whose file stops after its header), and
// control characters in a stored value come out as Control Pictures in a file that reads back whole.
import { describe, expect, it } from 'vitest'
import { setReadOnlyAction } from '@/app/_actions/admin/set-read-only'
import { signedInClient } from '@/app/_server/testing/signed-in-client'
import { createOrgWithOwner, createTenant, createUser } from '@/lib/orgs/testing/fixtures'
import { RouteClient } from '@/lib/testing/route-client'
import { useTestDatabase } from '@/lib/testing/use-test-database'
import { fromControlPictures } from '@/lib/admin/audit-csv'
import { NUL_MESSAGE } from '@/lib/errors/input'
import { parseCsv } from '@/lib/testing/csv'
import * as auditExport from './audit/export/route'

const database = useTestDatabase()

/** A super-admin who passed TOTP, signed in, and an organization with an active tenant. */
async function adminWithTenant() {
  const db = database.db
  const admin = await createUser(db)
  await db.user.update({ where: { id: admin.id }, data: { isSuperAdmin: true, totpEnabledAt: new Date() } })
  const client = await signedInClient(admin.id, { mfa: true })
  const org = await createOrgWithOwner(db)
  const tenant = await createTenant(db, { orgId: org.id, slug: org.slug, planId: 'free', state: 'ACTIVE' })
  return { client, org, tenant }
}

describe('audit export', () => {
  it('exports the audit log as CSV (reads work in read-only mode), formula cells neutralised; 404 for a tenant owner', async () => {
    const db = database.db
    const { client, org, tenant } = await adminWithTenant()
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

  it('answers a NUL in a filter or a failing query with a status before any file; control characters read back whole', async () => {
    const db = database.db
    const { client, tenant } = await adminWithTenant()

    // Before: 200 with the header line, then the stream failed (PostgreSQL refuses the NUL): a cut file.
    for (const field of ['action', 'actor']) {
      const refused = await client.call(auditExport.GET, '/api/admin/audit/export', { query: { [field]: 'admin.\u0000' } })
      expect(refused.status, field).toBe(422)
      expect(refused.body.fieldErrors?.[field], field).toEqual([NUL_MESSAGE])
    }
    // A filter the query cannot run (a day that does not exist): an error answer, not a CSV.
    const failed = await client.call(auditExport.GET, '/api/admin/audit/export', { query: { from: '2026-13-45' } })
    expect(failed.status).toBeGreaterThanOrEqual(400)
    expect(failed.headers.get('content-type')).toMatch(/application\/json/)
    expect(failed.body).toMatchObject({ ok: false, requestId: expect.any(String) })

    let controls = ''
    for (let c = 1; c < 0x20; c++) controls += String.fromCharCode(c)
    const reasons = [`one${controls}`, `\u001a${controls}two`, 'three\u007f']
    for (const reason of reasons)
      await db.auditLog.create({ data: { action: 'admin.tenant.suspend', actorType: 'SUPER_ADMIN', tenantId: tenant.id, reason } })
    const response = await client.call(auditExport.GET, '/api/admin/audit/export', { query: { tenantId: tenant.id } })
    expect(response.status).toBe(200)
    const csv = String(response.body.text)
    expect([...csv].filter((c) => (c < ' ' && !'\t\r\n'.includes(c)) || c === '\u007f')).toEqual([])
    const records = parseCsv(csv)
    expect(records.map((r) => r.length)).toEqual([14, 14, 14, 14])
    expect(records.slice(1).map((r) => fromControlPictures(r[9]!))).toEqual([...reasons].reverse()) // newest first
  })
})
