/**
 * Current storage per volume of an organization's instances: the latest reading of each volume
 * within the last 2 days, its percentage, and its open alert (level, days until full). Tenant
 * data is scoped in the query.
 */
import { z } from 'zod'
import { db, Prisma } from '../db'

export const getVolumeUsageSchema = z.object({ orgId: z.string().min(1), now: z.date().optional() })

export interface VolumeUsage {
  tenantSlug: string
  volume: string
  usedBytes: number
  capacityBytes: number
  percentUsed: number
  observedAt: string
  level: 'OK' | 'WARNING' | 'CRITICAL'
  daysUntilFull: number | null
}

export async function getVolumeUsage(input: z.input<typeof getVolumeUsageSchema>): Promise<VolumeUsage[]> {
  const { orgId, now = new Date() } = getVolumeUsageSchema.parse(input)
  const since = new Date(now.getTime() - 2 * 86_400_000)
  const rows = await db.$queryRaw<
    { tenantId: string; slug: string; volume: string; metric: string; value: number; windowEnd: Date }[]
  >(Prisma.sql`
    SELECT DISTINCT ON (s."tenantId", s.volume, s.metric)
      s."tenantId", t.slug, s.volume, s.metric::text AS metric, s.value::float8 AS value, s."windowEnd"
    FROM "UsageSample" s JOIN "Tenant" t ON t.id = s."tenantId"
    WHERE t."orgId" = ${orgId} AND NOT s."isGap" AND s.volume <> ''
      AND s.metric IN ('STORAGE_USED_BYTES', 'STORAGE_CAPACITY_BYTES') AND s."windowStart" >= ${since}
    ORDER BY s."tenantId", s.volume, s.metric, s."windowStart" DESC`)
  const alerts = await db.storageAlert.findMany({
    where: { tenant: { orgId } },
    select: { tenantId: true, volume: true, level: true, daysUntilFull: true },
  })
  const volumes = new Map<string, { tenantId: string; slug: string; volume: string; used?: number; capacity?: number; at?: Date }>()
  for (const r of rows) {
    const key = `${r.tenantId}/${r.volume}`
    const v = volumes.get(key) ?? { tenantId: r.tenantId, slug: r.slug, volume: r.volume }
    if (r.metric === 'STORAGE_USED_BYTES') {
      v.used = r.value
      v.at = r.windowEnd
    } else v.capacity = r.value
    volumes.set(key, v)
  }
  return [...volumes.values()]
    .filter((v) => v.used !== undefined && v.capacity)
    .map((v): VolumeUsage => {
      const alert = alerts.find((a) => a.tenantId === v.tenantId && a.volume === v.volume)
      return {
        tenantSlug: v.slug,
        volume: v.volume,
        usedBytes: v.used!,
        capacityBytes: v.capacity!,
        percentUsed: Math.round((v.used! / v.capacity!) * 1000) / 10,
        observedAt: new Date(v.at!).toISOString(),
        level: alert?.level ?? 'OK',
        daysUntilFull: alert?.level && alert.level !== 'OK' ? alert.daysUntilFull : null,
      }
    })
    .sort((a, b) => a.tenantSlug.localeCompare(b.tenantSlug) || a.volume.localeCompare(b.volume))
}
