/**
 * Writes usage samples in bulk: one statement per batch, columns passed as arrays and expanded
 * with unnest(), upserting on the natural key (tenant, metric, volume, window start). Re-running
 * a collection overwrites a window with the newer reading; it never adds a second row.
 */
import type { Db } from '../db'
import type { UsageMetric } from '../db'

export interface UsageSampleInput {
  tenantId: string
  metric: UsageMetric
  /** PVC name for storage metrics; '' otherwise. */
  volume?: string
  windowStart: Date
  windowEnd: Date
  /** Decimal as string or number (bytes, core-seconds). */
  value: string | number
  isGap?: boolean
}

const BATCH = 5_000

export async function upsertUsageSamples(db: Db, samples: UsageSampleInput[], options: { onConflict?: 'update' | 'ignore' } = {}): Promise<number> {
  const conflict =
    options.onConflict === 'ignore'
      ? 'DO NOTHING'
      : `DO UPDATE SET "value" = EXCLUDED."value", "isGap" = EXCLUDED."isGap", "windowEnd" = EXCLUDED."windowEnd", "collectedAt" = now()`
  let written = 0
  for (let i = 0; i < samples.length; i += BATCH) {
    const batch = samples.slice(i, i + BATCH)
    written += await db.$executeRawUnsafe(
      `INSERT INTO "UsageSample" ("tenantId", "metric", "volume", "windowStart", "windowEnd", "value", "isGap")
       SELECT * FROM unnest($1::text[], $2::"UsageMetric"[], $3::text[], $4::timestamp[], $5::timestamp[], $6::numeric[], $7::boolean[])
       ON CONFLICT ("tenantId", "metric", "volume", "windowStart") ${conflict}`,
      batch.map((s) => s.tenantId),
      batch.map((s) => s.metric),
      batch.map((s) => s.volume ?? ''),
      batch.map((s) => s.windowStart.toISOString()),
      batch.map((s) => s.windowEnd.toISOString()),
      batch.map((s) => String(s.value)),
      batch.map((s) => s.isGap ?? false),
    )
  }
  return written
}
