/**
 * Quantities: plain numbers, bytes, GB and core-hours, percentages, durations and days left.
 * All en-US, so a server-rendered page and its hydrated client agree.
 */
import { plural } from './plural'

/** At most `digits` decimals, thousands separated: 1234.5678 → "1,234.57"; integers as they are ("12,000"). */
export function formatNumber(value: number, digits = 2): string {
  return new Intl.NumberFormat('en-US', { maximumFractionDigits: digits }).format(value)
}

/** Decimal (SI) units, as disks are sold: 48_200_000_000 → "48.2 GB"; one decimal below 100, none from 100 and for bytes. */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KB', 'MB', 'GB', 'TB', 'PB']
  let value = bytes
  let unit = 0
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000
    unit++
  }
  return `${value.toFixed(value >= 100 || unit === 0 ? 0 : 1)} ${units[unit]}`
}

/** Binary (IEC) units, as Kubernetes sizes volumes: 50 × 1024³ → "50 GiB", at most one decimal. */
export function formatBinaryBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB']
  let value = bytes
  let unit = 0
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024
    unit++
  }
  return `${formatNumber(value, unit === 0 ? 0 : 1)} ${units[unit]}`
}

/** Gigabytes already computed: "12.35 GB". */
export function formatGb(value: number): string {
  return `${formatNumber(value)} GB`
}

/** CPU time in vCPU-hours, as the usage page words it: "3.5 core-hours". */
export function formatCpuHours(value: number): string {
  return `${formatNumber(value, 1)} core-hours`
}

/** A value that is already a percentage: 96.4 → "96.4%", 81 → "81%". */
export function formatPercent(value: number): string {
  return `${formatNumber(value, 1)}%`
}

/** A ratio (0..1) as a percentage with one decimal always: 0.25 → "25.0%"; null (nothing to divide) → "—". */
export function formatRatio(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(1)}%`
}

/** Milliseconds as seconds with one decimal: 1234 → "1.2 s"; null → "—". */
export function formatSeconds(ms: number | null): string {
  return ms === null ? '—' : `${(ms / 1000).toFixed(1)} s`
}

/** A forecast in days, rounded: 2.6 → "about 3 days", 1.2 → "about 1 day", below one → "less than a day". */
export function approxDays(days: number): string {
  return days < 1 ? 'less than a day' : `about ${plural(Math.round(days), 'day')}`
}

/** When a volume fills up: "full in about 3 days", "full in less than a day"; null (no forecast) → null. */
export function formatDaysUntilFull(days: number | null): string | null {
  return days === null ? null : `full in ${approxDays(days)}`
}
