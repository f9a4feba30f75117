import { beforeAll, describe, expect, it } from 'vitest'
import { useTestDatabase } from '../testing/use-test-database'
import { upsertUsageSamples } from './upsert-usage-samples'
import { createTenant } from '../orgs/testing/fixtures'

const database = useTestDatabase()
let tenantId: string
const start = new Date('2026-11-01T00:00:00Z')
const end = new Date('2026-11-01T01:00:00Z')

beforeAll(async () => {
  const org = await database.db.organization.create({ data: { name: 'Upsert Co', slug: 'upsert-co' } })
  tenantId = (await createTenant(database.db, { orgId: org.id, slug: 'upsert-co' })).id
})

describe('upsertUsageSamples', () => {
  it('keeps one row per (tenant, metric, volume, window) and takes the newer value', async () => {
    const sample = { tenantId, metric: 'STORAGE_USED_BYTES' as const, volume: 'data-app-0', windowStart: start, windowEnd: end }
    expect(await upsertUsageSamples(database.db, [{ ...sample, value: '1000' }])).toBe(1)
    await upsertUsageSamples(database.db, [{ ...sample, value: '2500.5' }])
    await upsertUsageSamples(database.db, [{ ...sample, value: '9999' }], { onConflict: 'ignore' })
    const rows = await database.db.usageSample.findMany({ where: { tenantId, metric: 'STORAGE_USED_BYTES' } })
    expect(rows).toHaveLength(1)
    expect(rows[0]!.value.toString()).toBe('2500.5')
  })

  it('stores gaps as gaps and keeps volumes apart', async () => {
    await upsertUsageSamples(database.db, [
      { tenantId, metric: 'STORAGE_USED_BYTES', volume: 'data-postgres-0', windowStart: start, windowEnd: end, value: 7 },
      { tenantId, metric: 'NETWORK_EGRESS_BYTES', windowStart: start, windowEnd: end, value: 0, isGap: true },
    ])
    const gap = await database.db.usageSample.findFirstOrThrow({ where: { tenantId, metric: 'NETWORK_EGRESS_BYTES' } })
    expect(gap).toMatchObject({ isGap: true, volume: '' })
    expect(await database.db.usageSample.count({ where: { tenantId, metric: 'STORAGE_USED_BYTES' } })).toBe(2)
  })

  it('writes batches larger than one statement', async () => {
    const rows = Array.from({ length: 12_000 }, (_, i) => ({
      tenantId,
      metric: 'CPU_CORE_SECONDS' as const,
      windowStart: new Date(start.getTime() + i * 3_600_000),
      windowEnd: new Date(start.getTime() + (i + 1) * 3_600_000),
      value: i,
    }))
    expect(await upsertUsageSamples(database.db, rows)).toBe(12_000)
    expect(await database.db.usageSample.count({ where: { tenantId, metric: 'CPU_CORE_SECONDS' } })).toBe(12_000)
  })
})
