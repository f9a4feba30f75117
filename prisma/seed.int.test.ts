import { describe, expect, it } from 'vitest'
import { verifyPassword } from '../lib/auth/password'
import { useTestDatabase } from '../lib/testing/use-test-database'
import { seedDemo } from './seed'

const database = useTestDatabase()
const now = new Date('2026-11-15T10:30:00Z')
const options = {
  admin: { email: 'Root@Example.test', password: 'admin-pass-123' },
  demoPassword: 'demo-pass-123',
  baseDomain: 'apps.test',
  now,
}

describe('seedDemo', () => {
  it('creates a super-admin, three organizations in trial / active / suspended states, usage and invoices', async () => {
    const report = await seedDemo(database.db, options)
    const { db } = database

    const admin = await db.user.findUniqueOrThrow({ where: { email: 'root@example.test' } })
    expect(admin.isSuperAdmin).toBe(true)
    expect(await verifyPassword(admin.passwordHash!, 'admin-pass-123')).toBe(true)

    const orgs = await db.organization.findMany({
      include: { subscription: true, tenants: true, memberships: true },
      orderBy: { slug: 'asc' },
    })
    expect(orgs.map((o) => [o.slug, o.subscription?.status, o.tenants[0]?.state])).toEqual([
      ['acme', 'ACTIVE', 'ACTIVE'],
      ['globex', 'TRIALING', 'ACTIVE'],
      ['initech', 'PAST_DUE', 'SUSPENDED'],
    ])
    expect(orgs.every((o) => o.memberships.length === 1 && o.memberships[0]!.role === 'OWNER')).toBe(true)
    expect(orgs[1]!.subscription!.trialEndsAt!.getTime()).toBeGreaterThan(now.getTime())

    // 90 days of hourly windows: 2 volumes × (used + capacity) + CPU + bandwidth = 6 series per tenant
    const hours = 90 * 24
    expect(report.usageSamplesInserted).toBe(3 * hours * 6)
    const acme = orgs[0]!.tenants[0]!
    const cpu = await db.usageSample.findMany({ where: { tenantId: acme.id, metric: 'CPU_CORE_SECONDS' }, orderBy: { windowStart: 'asc' } })
    expect(cpu).toHaveLength(hours)
    expect(cpu.at(-1)!.windowEnd.toISOString()).toBe('2026-11-15T10:00:00.000Z') // the last complete hour
    expect(cpu[1]!.windowStart.getTime() - cpu[0]!.windowStart.getTime()).toBe(3_600_000)

    const invoices = await db.invoice.findMany({ include: { lines: true }, orderBy: { number: 'asc' } })
    expect(invoices.map((i) => [i.number, i.status])).toEqual([
      ['INV-ACME-202608', 'PAID'],
      ['INV-ACME-202609', 'PAID'],
      ['INV-ACME-202610', 'PAID'],
      ['INV-INITECH-202610', 'OPEN'],
    ])
    for (const invoice of invoices) {
      expect(invoice.totalCents).toBe(invoice.subtotalCents + invoice.taxCents)
      expect(invoice.subtotalCents).toBe(invoice.lines.reduce((sum, l) => sum + l.amountCents, 0))
    }
  })

  it('is idempotent: a second run adds and changes nothing', async () => {
    const { db } = database
    const count = async () => ({
      users: await db.user.count(),
      orgs: await db.organization.count(),
      tenants: await db.tenant.count(),
      samples: await db.usageSample.count(),
      invoices: await db.invoice.count(),
      lines: await db.invoiceLine.count(),
    })
    const before = await count()
    const report = await seedDemo(db, options)
    expect(report).toMatchObject({ adminCreated: false, usageSamplesInserted: 0, invoicesInserted: 0 })
    expect(await count()).toEqual(before)
  })
})
