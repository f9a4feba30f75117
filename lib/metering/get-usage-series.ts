/**
 * The usage page's series for one organization: storage per volume (average GB used in each
 * bucket), CPU core-hours and bandwidth GB per bucket, rolled up in the database by hour, day or
 * week so no series has more than about 500 points. Tenant data is scoped in the query
 * (the samples of the organization's tenants only). A bucket where every window was a gap is
 * null, drawn as a break in the line, never as zero.
 */
import { z } from 'zod'
import { db, Prisma } from '../db'
import { getEnv } from '../env'
import { rangeBuckets, USAGE_RANGES, usageRangeSchema, type UsageBucket, type UsageRange } from './usage-range'

export const GB = 1e9

export const getUsageSeriesSchema = z.object({ orgId: z.string().min(1), range: usageRangeSchema, now: z.date().optional() })

export interface UsagePoint {
  t: string
  value: number | null
}

export interface UsageSeries {
  meteringMode: 'off' | 'prometheus'
  range: UsageRange
  bucket: UsageBucket
  from: string
  to: string
  hasData: boolean
  gapWindows: number
  storage: { volume: string; points: UsagePoint[] }[]
  cpuHours: UsagePoint[]
  bandwidthGb: UsagePoint[]
  totals: { cpuHours: number; bandwidthGb: number; latestStorageGb: number | null }
}

interface Row {
  bucket: Date
  metric: string
  volume: string
  avg: number | null
  sum: number | null
  gaps: number
}

export async function getUsageSeries(input: z.input<typeof getUsageSeriesSchema>): Promise<UsageSeries> {
  const { orgId, range, now = new Date() } = getUsageSeriesSchema.parse(input)
  const bucket = USAGE_RANGES[range].bucket
  const { from, to, buckets } = rangeBuckets(range, now)
  const rows = await db.$queryRaw<Row[]>(Prisma.sql`
    SELECT date_trunc(${bucket}, s."windowStart") AS bucket, s.metric::text AS metric, s.volume,
           (avg(s.value) FILTER (WHERE NOT s."isGap"))::float8 AS avg,
           (sum(s.value) FILTER (WHERE NOT s."isGap"))::float8 AS sum,
           (count(*) FILTER (WHERE s."isGap"))::int AS gaps
    FROM "UsageSample" s
    JOIN "Tenant" t ON t.id = s."tenantId"
    WHERE t."orgId" = ${orgId}
      AND s."windowStart" >= ${from} AND s."windowStart" < ${to}
      AND s.metric IN ('STORAGE_USED_BYTES', 'CPU_CORE_SECONDS', 'NETWORK_EGRESS_BYTES')
    GROUP BY 1, 2, 3
    ORDER BY 1`)

  const keyOf = (d: Date) => new Date(d).toISOString()
  const byMetric = (metric: string, volume = '') =>
    new Map(rows.filter((r) => r.metric === metric && r.volume === volume).map((r) => [keyOf(r.bucket), r]))
  const series = (map: Map<string, Row>, pick: (r: Row) => number | null) =>
    buckets.map((b): UsagePoint => {
      const row = map.get(keyOf(b))
      const value = row ? pick(row) : null
      return { t: b.toISOString(), value: value === null ? null : round(value) }
    })

  const volumes = [...new Set(rows.filter((r) => r.metric === 'STORAGE_USED_BYTES' && r.volume !== '').map((r) => r.volume))].sort()
  const storage = volumes.map((volume) => ({
    volume,
    points: series(byMetric('STORAGE_USED_BYTES', volume), (r) => (r.avg === null ? null : r.avg / GB)),
  }))
  const cpuHours = series(byMetric('CPU_CORE_SECONDS'), (r) => (r.sum === null ? null : r.sum / 3600))
  const bandwidthGb = series(byMetric('NETWORK_EGRESS_BYTES'), (r) => (r.sum === null ? null : r.sum / GB))
  const sum = (points: UsagePoint[]) => round(points.reduce((s, p) => s + (p.value ?? 0), 0))
  const latest = storage.length ? latestTotal(storage) : null
  return {
    meteringMode: getEnv().metricsMode,
    range,
    bucket,
    from: from.toISOString(),
    to: to.toISOString(),
    hasData: rows.some((r) => r.avg !== null),
    gapWindows: rows.reduce((s, r) => s + r.gaps, 0),
    storage,
    cpuHours,
    bandwidthGb,
    totals: { cpuHours: sum(cpuHours), bandwidthGb: sum(bandwidthGb), latestStorageGb: latest },
  }
}

function latestTotal(storage: { points: UsagePoint[] }[]): number | null {
  for (let i = (storage[0]?.points.length ?? 0) - 1; i >= 0; i--) {
    const values = storage.map((s) => s.points[i]?.value ?? null)
    if (values.some((v) => v !== null)) return round(values.reduce<number>((s, v) => s + (v ?? 0), 0))
  }
  return null
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000
}
