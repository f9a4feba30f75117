// Row-level security, the second wall under the organization filters (issue 14): with the filter
// removed from a use case, or never written, a query in one organization's scope reads and writes
// nothing of another's; without a scope it sees no organization at all; and every table that
// holds an organization's rows is under the wall. On PGlite here, and on PostgreSQL by test:pg.
import { beforeAll, describe, expect, it } from 'vitest'
import { useTestDatabase } from '../testing/use-test-database'
import { createOrgWithOwner, createTenant, type TestOrg } from '../orgs/testing/fixtures'
import { getInvoice, listInvoices } from '../billing/list-invoices'
import { listMembers } from '../orgs/list-members'
import { listUserOrganizations } from '../orgs/authorize'
import { asSystem, createPrisma, db, withDbScope, type Db } from '.'
import { withRowLevelSecurity } from './client'
import { SCOPED_MODELS } from './scope'

const database = useTestDatabase()

interface Seeded {
  org: TestOrg
  tenantId: string
  invoiceId: string
}

async function seed(raw: Db, name: string): Promise<Seeded> {
  const org = await createOrgWithOwner(raw, { name, slug: `${name.toLowerCase()}-org` })
  const tenant = await createTenant(raw, { orgId: org.id, slug: `${org.slug}-app` })
  await raw.subscription.create({ data: { orgId: org.id, planId: 'free', status: 'ACTIVE' } })
  await raw.planPeriod.create({ data: { orgId: org.id, planId: 'free', isPaid: false, startsAt: new Date('2026-11-01') } })
  await raw.invitation.create({
    data: { orgId: org.id, email: `guest@${org.slug}.test`, tokenHash: `hash-${org.slug}`, expiresAt: new Date('2027-01-01') },
  })
  const invoice = await raw.invoice.create({
    data: {
      orgId: org.id,
      number: `INV-${org.slug}-202611`,
      periodStart: new Date('2026-11-01'),
      periodEnd: new Date('2026-12-01'),
      status: 'OPEN',
      subtotalCents: 1000,
      taxRateBps: 0,
      taxCents: 0,
      totalCents: 1000,
      snapshot: {},
      lines: {
        create: { position: 1, kind: 'BASE', description: 'Plan', quantity: 1, unit: 'month', unitPriceCents: 1000, amountCents: 1000 },
      },
    },
  })
  const run = await raw.provisioningRun.create({ data: { tenantId: tenant.id, kind: 'PROVISION' } })
  await raw.provisioningStep.create({ data: { runId: run.id, name: 'namespace', position: 1 } })
  const window = new Date('2026-11-15T10:00:00Z')
  await raw.usageSample.create({
    data: {
      tenantId: tenant.id,
      metric: 'CPU_CORE_SECONDS',
      windowStart: window,
      windowEnd: new Date(window.getTime() + 3600_000),
      value: 1,
    },
  })
  await raw.storageAlert.create({
    data: {
      tenantId: tenant.id,
      volume: 'data',
      percentUsed: 10,
      usedBytes: 1,
      capacityBytes: 10,
      source: 'collector',
      observedAt: window,
    },
  })
  await raw.notificationOutbox.create({
    data: {
      dedupeKey: `mail-${org.slug}`,
      template: 'test',
      toEmail: `owner@${org.slug}.test`,
      orgId: org.id,
      subject: 's',
      bodyText: 'b',
    },
  })
  await raw.auditLog.create({ data: { actorType: 'USER', action: 'test.seeded', orgId: org.id, tenantId: tenant.id } })
  const dataExport = await raw.dataExport.create({ data: { orgId: org.id, requestedById: org.owner.id } })
  await raw.dataExportChunk.create({ data: { exportId: dataExport.id, seq: 0, orgId: org.id, data: Buffer.from('{}') } })
  return { org, tenantId: tenant.id, invoiceId: invoice.id }
}

let a: Seeded
let b: Seeded

beforeAll(async () => {
  a = await seed(database.db, 'Alpha')
  b = await seed(database.db, 'Bravo')
})

type Delegate = { count(args?: object): Promise<number>; findMany(args?: object): Promise<Record<string, unknown>[]> }
const delegate = (client: Db, model: string) =>
  (client as unknown as Record<string, Delegate>)[model.charAt(0).toLowerCase() + model.slice(1)]!

const inA = <T>(fn: () => Promise<T>) => withDbScope({ orgId: a.org.id, userId: a.org.owner.id }, fn)

describe('row-level security', () => {
  it('a use case with its organization filter removed reads nothing of another organization', async () => {
    // listInvoices(orgId) filters `where: { orgId }`; an undefined orgId is Prisma's "no filter".
    const unfiltered = () => listInvoices(undefined as unknown as string)
    // The control: without the wall the same call returns both organizations' invoices.
    expect((await asSystem('test', unfiltered)).map((i) => i.id).sort()).toEqual([a.invoiceId, b.invoiceId].sort())
    expect((await inA(unfiltered)).map((i) => i.id)).toEqual([a.invoiceId])
    // B's invoice named by id, with the filter removed: as if it did not exist.
    await expect(inA(() => getInvoice(undefined as unknown as string, b.invoiceId))).rejects.toMatchObject({ code: 'NOT_FOUND' })
    // A filter naming B (an id taken from the wrong place) returns nothing either.
    expect(await inA(() => listInvoices(b.org.id))).toEqual([])
    expect(await inA(() => listMembers({ orgId: b.org.id, userId: b.org.owner.id }).catch(() => []))).toEqual([])
  })

  it("every organization-scoped model, queried with no filter at all, shows only the scope's organization", async () => {
    for (const model of SCOPED_MODELS) {
      const all = await delegate(database.db, model).count()
      const mine = await inA(() => delegate(db, model).count())
      expect(all, `${model} has rows of both organizations`).toBeGreaterThan(mine)
      expect(mine, `${model} shows A's own rows`).toBeGreaterThan(0)
    }
    const orgs = await inA(() => db.organization.findMany({ select: { id: true } }))
    expect(orgs).toEqual([{ id: a.org.id }])
    const tenants = await inA(() => db.tenant.findMany({ select: { id: true } }))
    expect(tenants).toEqual([{ id: a.tenantId }])
    const raw = await inA(() => db.$queryRaw<{ orgId: string }[]>`SELECT "orgId" FROM "Invoice"`)
    expect(raw).toEqual([{ orgId: a.org.id }])
  })

  it('writes in one organization scope cannot touch or create another organization rows', async () => {
    const renamed = await inA(() => db.tenant.updateMany({ data: { suspendReason: 'touched' } }))
    expect(renamed.count).toBe(1)
    expect((await database.db.tenant.findUniqueOrThrow({ where: { id: b.tenantId } })).suspendReason).toBeNull()
    const deleted = await inA(() => db.invitation.deleteMany({ where: { orgId: b.org.id } }))
    expect(deleted.count).toBe(0)
    await expect(inA(() => db.membership.create({ data: { orgId: b.org.id, userId: a.org.owner.id, role: 'OWNER' } }))).rejects.toThrow(
      /row-level security/,
    )
    await expect(inA(() => db.$transaction((tx) => tx.invoiceLine.create({ data: lineOf(b.invoiceId) })))).rejects.toThrow(
      /row-level security/,
    )
    expect(await database.db.membership.count({ where: { orgId: b.org.id } })).toBe(1)
    await inA(() => db.tenant.updateMany({ data: { suspendReason: null } }))
  })

  it('without a scope, no organization is visible; a user sees only their own organizations', async () => {
    await withDbScope({}, async () => {
      for (const model of SCOPED_MODELS) {
        if (model === 'NotificationOutbox' || model === 'AuditLog') continue // rows of no organization stay visible
        expect(await delegate(db, model).count(), model).toBe(0)
      }
      await expect(
        db.tenant.create({ data: { orgId: a.org.id, slug: 'sneaky', namespace: 'tenant-sneaky', planId: 'free' } }),
      ).rejects.toThrow(/row-level security/)
    })
    const mine = await withDbScope({ userId: b.org.owner.id }, () => listUserOrganizations(b.org.owner.id))
    expect(mine.map((o) => o.id)).toEqual([b.org.id])
    const theirs = await withDbScope({ userId: b.org.owner.id }, () => listUserOrganizations(a.org.owner.id))
    expect(theirs).toEqual([])
    expect(await withDbScope({ userId: b.org.owner.id }, () => db.tenant.count())).toBe(0)
  })

  it("the application's queries run as tenancy_app, which cannot bypass row-level security", async () => {
    const [role] = await inA(
      () => db.$queryRaw<{ role: string; bypass: boolean; superuser: boolean }[]>`
      SELECT current_user AS "role", rolbypassrls AS "bypass", rolsuper AS "superuser" FROM pg_roles WHERE rolname = current_user`,
    )
    expect(role).toEqual({ role: 'tenancy_app', bypass: false, superuser: false })
  })

  it('the application runs with a login that is neither superuser nor BYPASSRLS (PostgreSQL)', async (context) => {
    if (database.kind !== 'postgres' || !database.url) return context.skip()
    const login = `tenancy_login_${Math.random().toString(36).slice(2, 10)}`
    await database.sql.exec(`CREATE ROLE ${login} LOGIN NOSUPERUSER NOBYPASSRLS IN ROLE tenancy_app`)
    const url = new URL(database.url)
    url.username = login
    const { client, close } = await createPrisma({ kind: 'postgres', url: url.toString() })
    const scoped = withRowLevelSecurity(client)
    try {
      expect(await scoped.user.count()).toBeGreaterThan(0) // a table outside the wall, as the login
      const tenants = await inA(async () => await scoped.tenant.findMany({ select: { id: true } }))
      expect(tenants).toEqual([{ id: a.tenantId }])
      await expect(client.tenant.count()).resolves.toBe(0) // the bare login, no scope: the policies hold it too
    } finally {
      await close()
      await database.sql.exec(`DROP ROLE ${login}`)
    }
  })

  it("the system's queries keep the login's role, so the console's searches use their indexes", async () => {
    const plan = await asSystem('test', () =>
      db.$transaction(async (tx) => {
        await tx.$executeRawUnsafe('SET LOCAL enable_seqscan = off')
        const [who] = await tx.$queryRaw<{ role: string }[]>`SELECT current_user AS "role"`
        const rows = await tx.$queryRaw<{ 'QUERY PLAN': string }[]>`EXPLAIN SELECT "id" FROM "Organization" WHERE "name" ILIKE '%alph%'`
        return { role: who!.role, plan: rows.map((r) => r['QUERY PLAN']).join('\n') }
      }),
    )
    expect(plan.role).not.toBe('tenancy_app')
    // Under a policy, ILIKE (not leakproof) is kept out of index scans: the trigram index would go unused.
    expect(plan.plan).toMatch(/Organization_name_trgm_idx/)
  })

  it('every table holding an organization or tenant column is under row-level security', async () => {
    const rows = await database.sql.query<{ table: string; secured: boolean }>(`
      SELECT c.relname AS "table", c.relrowsecurity AS "secured"
      FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
      WHERE n.nspname = 'public' AND c.relkind = 'r' AND EXISTS (
        SELECT 1 FROM information_schema.columns col
        WHERE col.table_schema = 'public' AND col.table_name = c.relname
          AND col.column_name IN ('orgId', 'tenantId', 'invoiceId', 'runId', 'exportId'))`)
    // Operator data, never shown to an organization: ReconcileFinding (the tenantId of a namespace
    // the reconciler found), JobStep (runId of the job engine's runs).
    const outside = new Set(['ReconcileFinding', 'JobStep'])
    const unsecured = rows.filter((r) => !r.secured && !outside.has(r.table)).map((r) => r.table)
    expect(unsecured).toEqual([])
    for (const r of rows) if (!outside.has(r.table)) expect(SCOPED_MODELS.has(r.table), `${r.table} in SCOPED_MODELS`).toBe(true)
  })
})

function lineOf(invoiceId: string) {
  return { invoiceId, position: 9, kind: 'BASE' as const, description: 'x', quantity: 1, unit: 'month', unitPriceCents: 1, amountCents: 1 }
}
