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

export const UPSERT_BATCH = 5_000

export type OnConflict = 'update' | 'ignore'

/** The statement for one batch; its seven parameters come from usageSampleColumns(). */
export function upsertUsageSamplesSql(onConflict: OnConflict = 'update'): string {
  const conflict =
    onConflict === 'ignore'
      ? 'DO NOTHING'
      : `DO UPDATE SET "value" = EXCLUDED."value", "isGap" = EXCLUDED."isGap", "windowEnd" = EXCLUDED."windowEnd", "collectedAt" = now()`
  return `INSERT INTO "UsageSample" ("tenantId", "metric", "volume", "windowStart", "windowEnd", "value", "isGap")
    SELECT * FROM unnest($1::text[], $2::"UsageMetric"[], $3::text[], $4::timestamp[], $5::timestamp[], $6::numeric[], $7::boolean[])
    ON CONFLICT ("tenantId", "metric", "volume", "windowStart") ${conflict}`
}

export function usageSampleColumns(batch: UsageSampleInput[]): unknown[] {
  return [
    batch.map((s) => s.tenantId),
    batch.map((s) => s.metric),
    batch.map((s) => s.volume ?? ''),
    batch.map((s) => s.windowStart.toISOString()),
    batch.map((s) => s.windowEnd.toISOString()),
    batch.map((s) => String(s.value)),
    batch.map((s) => s.isGap ?? false),
  ]
}

export async function upsertUsageSamples(db: Db, samples: UsageSampleInput[], options: { onConflict?: OnConflict } = {}): Promise<number> {
  const sql = upsertUsageSamplesSql(options.onConflict)
  let written = 0
  for (let i = 0; i < samples.length; i += UPSERT_BATCH) {
    written += await db.$executeRawUnsafe(sql, ...usageSampleColumns(samples.slice(i, i + UPSERT_BATCH)))
  }
  return written
}
