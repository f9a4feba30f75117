/**
 * Applies one reading of a volume (used and capacity bytes at a time) to its storage alert:
 * the level moves (80 % warning, 95 % critical, cleared 2 points below), and each upward move
 * emails the organization's owners and admins once. The move is a conditional update on the
 * level and crossing count read, so two sources evaluating at once (the collector after its
 * hourly run, the Alertmanager webhook) notify once; the email's dedupe key names the crossing,
 * so a retried step sends nothing new. A reading older than the one stored changes nothing.
 */
import crypto from 'node:crypto'
import { z } from 'zod'
import { db } from '../db'
import { getEnv } from '../env'
import { jobs } from '../jobs/jobs'
import { daysUntilFull, isRise, levelFor, type AlertLevel } from './storage-alert-level'

export const volumeReadingSchema = z.object({
  tenantId: z.string().min(1),
  volume: z.string().min(1).max(253),
  usedBytes: z.number().min(0),
  capacityBytes: z.number().positive(),
  observedAt: z.date(),
  source: z.enum(['collector', 'alertmanager']),
})
export type VolumeReading = z.infer<typeof volumeReadingSchema>

export interface VolumeAlertOutcome {
  level: AlertLevel
  previous: AlertLevel
  notified: number
  isStale: boolean
}

const FORECAST_DAYS = 7

export async function evaluateVolumeAlert(input: VolumeReading): Promise<VolumeAlertOutcome> {
  const reading = volumeReadingSchema.parse(input)
  const percent = (reading.usedBytes / reading.capacityBytes) * 100
  for (let attempt = 0; attempt < 5; attempt++) {
    const current = await db.storageAlert.findUnique({ where: { tenantId_volume: { tenantId: reading.tenantId, volume: reading.volume } } })
    const previous: AlertLevel = current?.level ?? 'OK'
    if (current && current.observedAt > reading.observedAt) return { level: previous, previous, notified: 0, isStale: true }
    const level = levelFor(percent, previous)
    if (!current && level === 'OK') return { level, previous, notified: 0, isStale: false }
    const rises = isRise(previous, level)
    const forecast = level === 'OK' ? null : await forecastDays(reading)
    const data = {
      level,
      percentUsed: percent.toFixed(3),
      usedBytes: Math.round(reading.usedBytes).toString(),
      capacityBytes: Math.round(reading.capacityBytes).toString(),
      daysUntilFull: forecast,
      source: reading.source,
      observedAt: reading.observedAt,
      ...(level !== previous
        ? { firedAt: level === 'OK' ? null : reading.observedAt, resolvedAt: level === 'OK' ? reading.observedAt : null }
        : {}),
    }
    if (!current) {
      const created = await db.storageAlert.createMany({
        data: [{ tenantId: reading.tenantId, volume: reading.volume, crossings: rises ? 1 : 0, ...data }],
        skipDuplicates: true,
      })
      if (created.count === 0) continue // created meanwhile by another source: read again
      return { level, previous, notified: rises ? await notify(reading, level, 1, percent, forecast) : 0, isStale: false }
    }
    const crossings = current.crossings + (rises ? 1 : 0)
    const moved = await db.storageAlert.updateMany({
      where: { id: current.id, level: current.level, crossings: current.crossings, observedAt: { lte: reading.observedAt } },
      data: { ...data, crossings },
    })
    if (moved.count === 0) continue
    return { level, previous, notified: rises ? await notify(reading, level, crossings, percent, forecast) : 0, isStale: false }
  }
  throw new Error(`Storage alert of ${reading.volume} kept changing under us; try again`)
}

async function forecastDays(reading: VolumeReading): Promise<number | null> {
  const since = new Date(reading.observedAt.getTime() - FORECAST_DAYS * 86_400_000)
  const samples = await db.usageSample.findMany({
    where: {
      tenantId: reading.tenantId,
      volume: reading.volume,
      metric: 'STORAGE_USED_BYTES',
      isGap: false,
      windowStart: { gte: since, lt: reading.observedAt },
    },
    select: { windowEnd: true, value: true },
    orderBy: { windowStart: 'asc' },
  })
  const readings = samples.map((s) => ({ time: s.windowEnd.getTime(), usedBytes: Number(s.value) }))
  if (!readings.some((r) => r.time === reading.observedAt.getTime()))
    readings.push({ time: reading.observedAt.getTime(), usedBytes: reading.usedBytes })
  return daysUntilFull(readings, reading.capacityBytes)
}

async function notify(
  reading: VolumeReading,
  level: AlertLevel,
  crossing: number,
  percent: number,
  forecast: number | null,
): Promise<number> {
  if (level === 'OK') return 0
  const tenant = await db.tenant.findUniqueOrThrow({
    where: { id: reading.tenantId },
    select: {
      orgId: true,
      org: {
        select: {
          name: true,
          slug: true,
          memberships: { where: { role: { in: ['OWNER', 'ADMIN'] } }, select: { user: { select: { id: true, email: true } } } },
        },
      },
    },
  })
  const lowered = level.toLowerCase() as 'warning' | 'critical'
  for (const { user } of tenant.org.memberships) {
    const dedupeKey = `storage-warning:${reading.tenantId}:${volumeKey(reading.volume)}:${lowered}:${crossing}:${user.id}`
    await jobs.send({
      name: 'notifications/email.requested',
      id: dedupeKey,
      data: {
        template: 'storage-warning',
        to: user.email,
        userId: user.id,
        orgId: tenant.orgId,
        dedupeKey,
        data: {
          orgName: tenant.org.name,
          volume: reading.volume,
          percentUsed: Math.round(percent * 10) / 10,
          level: lowered,
          daysUntilFull: forecast,
          usedBytes: Math.round(reading.usedBytes),
          capacityBytes: Math.round(reading.capacityBytes),
          url: `${getEnv().appUrl}/${tenant.org.slug}/usage`,
        },
      },
    })
  }
  return tenant.org.memberships.length
}

/** Claim names are short in practice; a long one is hashed so the dedupe key stays under 200 characters. */
function volumeKey(volume: string): string {
  return volume.length <= 63 ? volume : crypto.createHash('sha256').update(volume).digest('hex').slice(0, 32)
}
