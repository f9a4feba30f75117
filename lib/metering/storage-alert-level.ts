/**
 * Storage alert levels: warning at 80 %, critical at 95 %. A level clears only when usage falls
 * 2 points below its threshold (78 %, 93 %), so a volume hovering at the line does not flap
 * and notify on every reading.
 */
export type AlertLevel = 'OK' | 'WARNING' | 'CRITICAL'

export const WARNING_PERCENT = 80
export const CRITICAL_PERCENT = 95
export const HYSTERESIS_POINTS = 2

const rank: Record<AlertLevel, number> = { OK: 0, WARNING: 1, CRITICAL: 2 }

export function levelFor(percentUsed: number, current: AlertLevel = 'OK'): AlertLevel {
  if (percentUsed >= CRITICAL_PERCENT) return 'CRITICAL'
  if (current === 'CRITICAL' && percentUsed >= CRITICAL_PERCENT - HYSTERESIS_POINTS) return 'CRITICAL'
  if (percentUsed >= WARNING_PERCENT) return 'WARNING'
  if (current !== 'OK' && percentUsed >= WARNING_PERCENT - HYSTERESIS_POINTS) return 'WARNING'
  return 'OK'
}

/** True when `next` is above `current`: a crossing that notifies. */
export function isRise(current: AlertLevel, next: AlertLevel): boolean {
  return rank[next] > rank[current]
}

/**
 * Days until the volume is full at the trend of the given readings (least squares over time),
 * or null when it is not growing or the readings span less than an hour.
 */
export function daysUntilFull(readings: { time: number; usedBytes: number }[], capacityBytes: number): number | null {
  if (readings.length < 2) return null
  const first = Math.min(...readings.map((r) => r.time))
  const last = Math.max(...readings.map((r) => r.time))
  if (last - first < 3_600_000) return null
  const n = readings.length
  const mx = readings.reduce((s, r) => s + (r.time - first), 0) / n
  const my = readings.reduce((s, r) => s + r.usedBytes, 0) / n
  let sxy = 0
  let sxx = 0
  for (const r of readings) {
    sxy += (r.time - first - mx) * (r.usedBytes - my)
    sxx += (r.time - first - mx) ** 2
  }
  const slopePerMs = sxx === 0 ? 0 : sxy / sxx
  if (!(slopePerMs > 0)) return null
  const latest = readings.reduce((a, b) => (b.time > a.time ? b : a))
  const remaining = Math.max(0, capacityBytes - latest.usedBytes)
  return Math.round((remaining / slopePerMs / 86_400_000) * 10) / 10
}
