/**
 * Collects one window of usage for every tenant from Prometheus: four queries in all (one per
 * metric, whatever the fleet size), mapped to tenants by namespace and upserted on
 * (tenant, metric, volume, window start). Re-running a window, or two runs overlapping, rewrites
 * the same rows with the same values: nothing is counted twice.
 *
 * A tenant (running or suspended) with no series for a metric in the window gets a gap row
 * (value 0, isGap) instead of an invented figure; so does each volume it reported during the
 * last 7 days but not in this window. A gap never overwrites a real reading already stored (a
 * re-run after Prometheus lost its data keeps what was collected).
 */
import { z } from 'zod'
import { volumeOfClaim } from '../apps/app-needs'
import { findApp } from '../apps/catalog'
import { db } from '../db'
import type { UsageMetric } from '../db'
import type { PrometheusPort } from '../prometheus/port'
import { meteringQueries } from './queries'
import { upsertUsageSamples, type UsageSampleInput } from './upsert-usage-samples'

export const HOUR_MS = 3_600_000

export const collectUsageSchema = z.object({
  windowStart: z.date(),
  /** Window length; hourly in production, shorter in tests that scrape live. */
  windowSeconds: z.number().int().min(1).max(86_400).default(3600),
})

export interface CollectUsageResult {
  windowStart: string
  windowEnd: string
  tenants: number
  samplesWritten: number
  gaps: number
  queries: number
  /** Namespaces that look like ours but match no tenant (orphans, or a tenant already gone). */
  unmatchedNamespaces: string[]
}

const METERED_STATES = ['ACTIVE', 'SUSPENDED', 'UPDATING'] as const

export async function collectUsage(prometheus: PrometheusPort, input: z.input<typeof collectUsageSchema>): Promise<CollectUsageResult> {
  const { windowStart, windowSeconds } = collectUsageSchema.parse(input)
  const windowEnd = new Date(windowStart.getTime() + windowSeconds * 1000)
  const queries = meteringQueries(windowSeconds)
  const metrics = Object.keys(queries) as (keyof typeof queries)[]
  const before = prometheus.requestCount()
  const results = await Promise.all(metrics.map((metric) => prometheus.query(queries[metric], { time: windowEnd })))

  const tenants = await db.tenant.findMany({
    where: { state: { in: [...METERED_STATES] }, createdAt: { lt: windowEnd } },
    select: { id: true, namespace: true, appId: true },
  })
  const byNamespace = new Map(tenants.map((t) => [t.namespace, t.id]))
  const appOf = new Map(tenants.map((t) => [t.id, findApp(t.appId)]))
  // A volume its app declares unmetered (a cache, say) is not measured; any other claim is.
  const unmetered = (tenantId: string, claim: string) => {
    const app = appOf.get(tenantId)
    return app !== undefined && volumeOfClaim(app, claim)?.metered === false
  }
  const unmatched = new Set<string>()
  const rows: UsageSampleInput[] = []
  const seen = new Set<string>()
  const key = (tenantId: string, metric: UsageMetric, volume: string) => `${tenantId}\u0000${metric}\u0000${volume}`

  metrics.forEach((metric, i) => {
    for (const sample of results[i] ?? []) {
      const namespace = sample.labels.namespace ?? ''
      const tenantId = byNamespace.get(namespace)
      if (!tenantId) {
        unmatched.add(namespace)
        continue
      }
      const volume = metric.startsWith('STORAGE_') ? (sample.labels.persistentvolumeclaim ?? '') : ''
      if (volume && unmetered(tenantId, volume)) continue
      if (!Number.isFinite(sample.value) || sample.value < 0) continue // recorded as a gap below
      seen.add(key(tenantId, metric, volume))
      rows.push({ tenantId, metric, volume, windowStart, windowEnd, value: sample.value.toFixed(6) })
    }
  })

  // Volumes each tenant reported recently: a missing one is a gap, not a vanished volume.
  const recent = await db.usageSample.findMany({
    where: {
      metric: 'STORAGE_USED_BYTES',
      isGap: false,
      volume: { not: '' },
      windowStart: { gte: new Date(windowStart.getTime() - 7 * 24 * HOUR_MS), lte: windowStart },
      tenantId: { in: tenants.map((t) => t.id) },
    },
    distinct: ['tenantId', 'volume'],
    select: { tenantId: true, volume: true },
  })
  const knownVolumes = new Map<string, Set<string>>()
  for (const r of recent) knownVolumes.set(r.tenantId, (knownVolumes.get(r.tenantId) ?? new Set()).add(r.volume))

  const gaps: UsageSampleInput[] = []
  const gap = (tenantId: string, metric: UsageMetric, volume: string) => {
    if (!seen.has(key(tenantId, metric, volume))) gaps.push({ tenantId, metric, volume, windowStart, windowEnd, value: 0, isGap: true })
  }
  const withStorage = new Set(rows.filter((r) => r.metric === 'STORAGE_USED_BYTES').map((r) => r.tenantId))
  for (const tenant of tenants) {
    gap(tenant.id, 'CPU_CORE_SECONDS', '')
    gap(tenant.id, 'NETWORK_EGRESS_BYTES', '')
    const volumes = knownVolumes.get(tenant.id)
    const hasAnyStorage = withStorage.has(tenant.id)
    if (volumes?.size) {
      for (const volume of volumes) {
        gap(tenant.id, 'STORAGE_USED_BYTES', volume)
        gap(tenant.id, 'STORAGE_CAPACITY_BYTES', volume)
      }
    } else if (!hasAnyStorage) {
      gap(tenant.id, 'STORAGE_USED_BYTES', '')
    }
  }

  const written = (await upsertUsageSamples(db, rows)) + (await upsertUsageSamples(db, gaps, { onConflict: 'ignore' }))
  return {
    windowStart: windowStart.toISOString(),
    windowEnd: windowEnd.toISOString(),
    tenants: tenants.length,
    samplesWritten: written,
    gaps: gaps.length,
    queries: prometheus.requestCount() - before,
    unmatchedNamespaces: [...unmatched].sort(),
  }
}

/** The start of the last complete hour before `now`. */
export function lastCompleteHour(now: Date): Date {
  return new Date(Math.floor(now.getTime() / HOUR_MS) * HOUR_MS - HOUR_MS)
}
