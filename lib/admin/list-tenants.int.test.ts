// The tenants table against a real database: search on each field, each filter, sorts, pages,
// and the number of queries a page costs (the same for 5 rows and 100).
import { beforeAll, describe, expect, it } from 'vitest'
import { seedFleet } from '../../prisma/seed-fleet'
import { installDb } from '../db'
import { useTestDatabase } from '../testing/use-test-database'
import { db } from '../db'
import { listTenants, listTenantsInput, searchTenantIds, tenantWhere } from './list-tenants'

const database = useTestDatabase()
const now = new Date('2026-11-01T12:00:00Z')

beforeAll(async () => {
  await seedFleet(database.db, { size: 400, baseDomain: 'tenants.localhost', now })
})

describe('listTenants', () => {
  it('finds one tenant by slug, namespace, organization name and owner email, case-insensitively', async () => {
    for (const q of ['fleet-000123', 'TENANT-FLEET-000123', 'owner-000123@FLEET.test']) {
      const page = await listTenants({ q }, now)
      expect(page.total, q).toBe(1)
      expect(page.rows[0]).toMatchObject({ slug: 'fleet-000123', namespace: 'tenant-fleet-000123', ownerEmail: 'owner-000123@fleet.test' })
    }
    // 123 % 20 = 3 → "Delta", (123 / 20) % 8 = 6 → "Robotics"
    const byName = await listTenants({ q: 'delta robotics 123' }, now)
    expect(byName.rows.map((r) => r.org.name)).toEqual(['Delta Robotics 123'])
    expect((await listTenants({ q: 'no-such-tenant' }, now)).total).toBe(0)
  })

  it('finds by id list the same tenants as the relational filter; wildcards are literal; a broad search falls back', async () => {
    for (const q of ['fleet-0001', 'SUMMIT', 'owner-0000', 'tenant-fleet-00039', 'zzz']) {
      const input = listTenantsInput.parse({ q })
      const byIds = await db.tenant.findMany({
        where: tenantWhere(input, now, await searchTenantIds(q)),
        select: { id: true },
        orderBy: { id: 'asc' },
      })
      const relational = await db.tenant.findMany({ where: tenantWhere(input, now, null), select: { id: true }, orderBy: { id: 'asc' } })
      expect(byIds, q).toEqual(relational)
    }
    expect(await searchTenantIds('%')).toEqual([])
    expect(await searchTenantIds('fleet_00012')).toEqual([])
    expect(await searchTenantIds('fleet', 100)).toBeNull()
    expect((await listTenants({ q: 'fleet' }, now)).total).toBe(400)
  })

  it('filters by state, plan, app, trial ending and past due, and combines them', async () => {
    const suspended = await listTenants({ state: 'SUSPENDED', pageSize: 200 }, now)
    expect(suspended.total).toBe(suspended.rows.length)
    expect(suspended.total).toBeGreaterThan(0)
    expect(suspended.rows.every((r) => r.state === 'SUSPENDED')).toBe(true)

    const pro = await listTenants({ plan: 'pro', pageSize: 200 }, now)
    expect(pro.total).toBe(100)
    expect(pro.rows.every((r) => r.planId === 'pro')).toBe(true)

    // the fleet is generic's (another app's tenants: list-tenants-app-filter.int.test.ts)
    const generic = await listTenants({ app: 'generic', plan: 'pro', pageSize: 200 }, now)
    expect(generic.total).toBe(100)
    expect(generic.rows.every((r) => r.appId === 'generic' && r.planId === 'pro')).toBe(true)

    const trialEnding = await listTenants({ trialEnding: true, pageSize: 200 }, now)
    expect(trialEnding.total).toBeGreaterThan(0)
    for (const r of trialEnding.rows) {
      expect(r.subscription?.status).toBe('TRIALING')
      expect(r.subscription!.trialEndsAt!.getTime()).toBeLessThanOrEqual(now.getTime() + 7 * 86_400_000)
    }
    const allTrials = await database.db.subscription.count({ where: { status: 'TRIALING' } })
    expect(trialEnding.total).toBeLessThan(allTrials) // trials ending later are left out

    const pastDue = await listTenants({ pastDue: true, pageSize: 200 }, now)
    expect(pastDue.total).toBeGreaterThan(0)
    expect(pastDue.rows.every((r) => r.subscription?.status === 'PAST_DUE')).toBe(true)

    const both = await listTenants({ plan: 'free', state: 'SUSPENDED', pageSize: 200 }, now)
    expect(both.total).toBeGreaterThan(0)
    expect(both.rows.every((r) => r.planId === 'free' && r.state === 'SUSPENDED')).toBe(true)
  })

  it('sorts by each column in both directions and pages without overlap', async () => {
    const asc = await listTenants({ sort: 'slug', dir: 'asc', pageSize: 5 }, now)
    expect(asc.rows.map((r) => r.slug)).toEqual(['fleet-000001', 'fleet-000002', 'fleet-000003', 'fleet-000004', 'fleet-000005'])
    const second = await listTenants({ sort: 'slug', dir: 'asc', pageSize: 5, page: 2 }, now)
    expect(second.rows[0]!.slug).toBe('fleet-000006')
    expect(asc.pageCount).toBe(80)
    const desc = await listTenants({ sort: 'slug', dir: 'desc', pageSize: 1 }, now)
    expect(desc.rows[0]!.slug).toBe('fleet-000400')
    const byName = await listTenants({ sort: 'name', dir: 'asc', pageSize: 50 }, now)
    const names = byName.rows.map((r) => r.org.name)
    expect(names).toEqual([...names].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0)))
    const newest = await listTenants({ pageSize: 50 }, now)
    const created = newest.rows.map((r) => r.createdAt.getTime())
    expect(created).toEqual([...created].sort((a, b) => b - a))
  })

  it('costs the same number of queries for a page of 5 and a page of 100 (no query per row)', async () => {
    const counted = async (pageSize: number) => {
      let operations = 0
      const counting = database.db.$extends({
        query: {
          $allOperations: async ({ args, query }) => {
            operations += 1
            return query(args)
          },
        },
      }) as unknown as typeof database.db
      installDb(counting, async () => {})
      try {
        await listTenants({ pageSize }, now)
      } finally {
        installDb(database.db, async () => {})
      }
      return operations
    }
    const small = await counted(5)
    const large = await counted(100)
    expect(small).toBeGreaterThan(0)
    expect(large).toBe(small)
  })

  it('refuses bad input', async () => {
    await expect(listTenants({ pageSize: 1000 })).rejects.toThrow()
    await expect(listTenants({ state: 'NOPE' as never })).rejects.toThrow()
    await expect(listTenants({ app: 'no-such-app' })).rejects.toMatchObject({
      issues: [{ path: ['app'], message: expect.stringMatching(/^Unknown app "no-such-app" \(known: generic\b/) }],
    })
  })

  it('answers a search with a NUL byte (which no stored text holds) with no match, not a failed query', async () => {
    for (const q of ['\u0000', 'fleet-000123\u0000', '\u0000%']) {
      const page = await listTenants({ q }, now)
      expect(page, JSON.stringify(q)).toMatchObject({ rows: [], total: 0, page: 1, pageCount: 1 })
    }
  })
})
