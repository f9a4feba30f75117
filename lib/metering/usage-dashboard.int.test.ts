// The usage page's reads on the database: rollups by hour/day/week with known sums, gaps as
// breaks, at most ~500 points per series, scoped to the organization; the month-to-date
// estimate from the plan's rates; current storage per volume with its alert.
import { beforeAll, describe, expect, it } from 'vitest'
import { useTestDatabase } from '../testing/use-test-database'
import { upsertUsageSamples, type UsageSampleInput } from './upsert-usage-samples'
import { getUsageSeries } from './get-usage-series'
import { estimateMonthCost } from './estimate-month-cost'
import { getVolumeUsage } from './get-volume-usage'
import { createTenant } from '../orgs/testing/fixtures'

const HOUR = 3_600_000
const now = new Date('2026-11-22T10:30:00Z')
const database = useTestDatabase()
let orgA: string
let orgB: string
let tenantA: string

function hourly(
  tenantId: string,
  hours: number,
  values: { cpuSeconds: number; egressBytes: number; used: Record<string, number>; capacity: number },
  gapHours = new Set<number>(),
) {
  const rows: UsageSampleInput[] = []
  const end = Math.floor(now.getTime() / HOUR) * HOUR
  for (let h = 1; h <= hours; h++) {
    const windowStart = new Date(end - h * HOUR)
    const windowEnd = new Date(windowStart.getTime() + HOUR)
    const isGap = gapHours.has(h)
    rows.push({ tenantId, metric: 'CPU_CORE_SECONDS', windowStart, windowEnd, value: isGap ? 0 : values.cpuSeconds, isGap })
    rows.push({ tenantId, metric: 'NETWORK_EGRESS_BYTES', windowStart, windowEnd, value: isGap ? 0 : values.egressBytes, isGap })
    for (const [volume, used] of Object.entries(values.used)) {
      rows.push({ tenantId, metric: 'STORAGE_USED_BYTES', volume, windowStart, windowEnd, value: isGap ? 0 : used, isGap })
      rows.push({ tenantId, metric: 'STORAGE_CAPACITY_BYTES', volume, windowStart, windowEnd, value: isGap ? 0 : values.capacity, isGap })
    }
  }
  return rows
}

beforeAll(async () => {
  const db = database.db
  orgA = (await db.organization.create({ data: { name: 'A', slug: 'usage-a' } })).id
  orgB = (await db.organization.create({ data: { name: 'B', slug: 'usage-b' } })).id
  tenantA = (await createTenant(db, { orgId: orgA, slug: 'usage-a', state: 'ACTIVE' })).id
  const tenantB = (await createTenant(db, { orgId: orgB, slug: 'usage-b', planId: 'pro', state: 'ACTIVE' })).id
  // A: 400 days, 0.5 core, 10 MB/hour, two volumes; hours 2-4 ago are gaps. B: ten times more.
  await upsertUsageSamples(
    db,
    hourly(
      tenantA,
      400 * 24,
      { cpuSeconds: 1800, egressBytes: 10e6, used: { 'app-data': 4e9, 'data-postgres-0': 1e9 }, capacity: 5e9 },
      new Set([2, 3, 4]),
    ),
  )
  await upsertUsageSamples(
    db,
    hourly(tenantB, 30 * 24, { cpuSeconds: 18_000, egressBytes: 100e6, used: { 'app-data': 40e9 }, capacity: 50e9 }),
  )
  await db.storageAlert.create({
    data: {
      tenantId: tenantA,
      volume: 'app-data',
      level: 'WARNING',
      percentUsed: '80',
      usedBytes: '4000000000',
      capacityBytes: '5000000000',
      daysUntilFull: 12.5,
      crossings: 1,
      source: 'collector',
      observedAt: now,
    },
  })
})

describe('getUsageSeries', () => {
  it('rolls 7 days up by hour, with gaps as breaks', async () => {
    const s = await getUsageSeries({ orgId: orgA, range: '7d', now })
    expect(s.bucket).toBe('hour')
    expect(s.cpuHours).toHaveLength(168)
    expect(s.storage.map((v) => v.volume)).toEqual(['app-data', 'data-postgres-0'])
    const last = s.cpuHours.length - 1 // the current hour: nothing collected yet
    expect(s.cpuHours[last]!.value).toBeNull()
    expect([s.cpuHours[last - 2]!.value, s.cpuHours[last - 3]!.value, s.cpuHours[last - 4]!.value]).toEqual([null, null, null])
    expect(s.cpuHours[last - 1]!.value).toBe(0.5)
    expect(s.bandwidthGb[last - 5]!.value).toBe(0.01)
    expect(s.storage[0]!.points[last - 1]!.value).toBe(4)
    expect(s.gapWindows).toBe(3 * 4)
  })

  it('rolls 30 and 90 days up by day and 12 months by week, never above 500 points', async () => {
    const month = await getUsageSeries({ orgId: orgA, range: '30d', now })
    expect(month.bucket).toBe('day')
    // A full day: 24 × 0.5 core-hours, 24 × 10 MB; storage is the day's average.
    const fullDay = month.cpuHours.at(-3)!
    expect(fullDay.value).toBe(12)
    expect(month.bandwidthGb.at(-3)!.value).toBe(0.24)
    expect(month.storage[1]!.points.at(-3)!.value).toBe(1)
    const year = await getUsageSeries({ orgId: orgA, range: '12m', now })
    expect(year.bucket).toBe('week')
    expect(year.cpuHours.length).toBeLessThanOrEqual(500)
    expect(year.cpuHours[10]!.value).toBe(7 * 12)
    for (const range of ['7d', '30d', '90d', '12m'] as const) {
      const s = await getUsageSeries({ orgId: orgA, range, now })
      for (const series of [s.cpuHours, s.bandwidthGb, ...s.storage.map((v) => v.points)]) expect(series.length).toBeLessThanOrEqual(500)
    }
  })

  it('shows only the organization’s own tenants', async () => {
    const b = await getUsageSeries({ orgId: orgB, range: '7d', now })
    expect(b.storage.map((v) => v.volume)).toEqual(['app-data'])
    expect(b.cpuHours.at(-2)!.value).toBe(5)
    const none = await getUsageSeries({ orgId: 'no-such-org', range: '7d', now })
    expect(none.hasData).toBe(false)
    expect(none.storage).toEqual([])
  })
})

describe('estimateMonthCost', () => {
  it('charges usage above the plan’s included amounts at its rates', async () => {
    const a = await estimateMonthCost({ orgId: orgA, now })
    // Nov 1 → Nov 22 10:00: 514 hours, 3 of them gaps.
    const hours = 21 * 24 + 10 - 3
    const cpu = a!.lines.find((l) => l.key === 'cpu')!
    expect(cpu.quantity).toBe(hours * 0.5)
    expect(cpu.billable).toBe(Math.max(0, hours * 0.5 - 200))
    expect(cpu.amountCents).toBe(Math.round(cpu.billable * 10))
    const storage = a!.lines.find((l) => l.key === 'storage')!
    expect(storage.quantity).toBeCloseTo((hours * 5) / 720, 3)
    expect(a!.baseCents).toBe(0)
    expect(a!.totalCents).toBe(a!.subtotalCents + a!.taxCents)
    expect(a!.taxCents).toBe(Math.round(a!.subtotalCents * 0.08))
    const b = await estimateMonthCost({ orgId: orgB, now })
    expect(b!.baseCents).toBe(4900)
    expect(b!.lines.find((l) => l.key === 'bandwidth')!.quantity).toBe(((21 * 24 + 10) * 100e6) / 1e9)
  })
})

describe('getVolumeUsage', () => {
  it('gives the latest reading of each volume with its percentage and open alert', async () => {
    const volumes = await getVolumeUsage({ orgId: orgA, now })
    expect(volumes).toEqual([
      expect.objectContaining({
        volume: 'app-data',
        usedBytes: 4e9,
        capacityBytes: 5e9,
        percentUsed: 80,
        level: 'WARNING',
        daysUntilFull: 12.5,
      }),
      expect.objectContaining({
        volume: 'data-postgres-0',
        usedBytes: 1e9,
        capacityBytes: 5e9,
        percentUsed: 20,
        level: 'OK',
        daysUntilFull: null,
      }),
    ])
    expect((await getVolumeUsage({ orgId: orgB, now })).map((v) => v.volume)).toEqual(['app-data'])
  })
})
