/**
 * After each collection: every volume's reading of that window goes through the alert rules.
 * Volumes below 78 % with no alert row are skipped without a write (the common case), so a
 * fleet-wide pass costs two reads and one write per volume that changes level.
 */
import { volumeOfClaim } from '../apps/app-needs'
import { findApp } from '../apps/catalog'
import { db } from '../db'
import { evaluateVolumeAlert } from './evaluate-volume-alert'
import { WARNING_PERCENT, HYSTERESIS_POINTS } from './storage-alert-level'

export interface StorageAlertsPass {
  volumes: number
  evaluated: number
  notified: number
}

export async function evaluateStorageAlerts(input: { windowStart: Date }): Promise<StorageAlertsPass> {
  const samples = await db.usageSample.findMany({
    where: {
      windowStart: input.windowStart,
      isGap: false,
      metric: { in: ['STORAGE_USED_BYTES', 'STORAGE_CAPACITY_BYTES'] },
      volume: { not: '' },
    },
    select: { tenantId: true, volume: true, metric: true, value: true, windowEnd: true },
  })
  const volumes = new Map<string, { tenantId: string; volume: string; used?: number; capacity?: number; at: Date }>()
  for (const s of samples) {
    const key = `${s.tenantId}\u0000${s.volume}`
    const entry = volumes.get(key) ?? { tenantId: s.tenantId, volume: s.volume, at: s.windowEnd }
    if (s.metric === 'STORAGE_USED_BYTES') entry.used = Number(s.value)
    else entry.capacity = Number(s.value)
    volumes.set(key, entry)
  }
  const open = await db.storageAlert.findMany({
    where: { tenantId: { in: [...new Set(samples.map((s) => s.tenantId))] } },
    select: { tenantId: true, volume: true },
  })
  const hasRow = new Set(open.map((a) => `${a.tenantId}\u0000${a.volume}`))
  // A volume its app declares unalerted is never warned about (any other claim is).
  const tenants = await db.tenant.findMany({
    where: { id: { in: [...new Set(samples.map((s) => s.tenantId))] } },
    select: { id: true, appId: true },
  })
  const appOf = new Map(tenants.map((t) => [t.id, findApp(t.appId)]))
  const unalerted = (tenantId: string, claim: string) => {
    const app = appOf.get(tenantId)
    return app !== undefined && volumeOfClaim(app, claim)?.alerted === false
  }
  let evaluated = 0
  let notified = 0
  for (const [key, v] of volumes) {
    if (v.used === undefined || !v.capacity || unalerted(v.tenantId, v.volume)) continue
    const percent = (v.used / v.capacity) * 100
    if (percent < WARNING_PERCENT - HYSTERESIS_POINTS && !hasRow.has(key)) continue
    const outcome = await evaluateVolumeAlert({
      tenantId: v.tenantId,
      volume: v.volume,
      usedBytes: v.used,
      capacityBytes: v.capacity,
      observedAt: v.at,
      source: 'collector',
    })
    evaluated++
    notified += outcome.notified
  }
  return { volumes: volumes.size, evaluated, notified }
}
