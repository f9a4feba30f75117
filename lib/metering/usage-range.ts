/**
 * The ranges of the usage page and the rollup each one uses, so no series sends more than about
 * 500 points to the browser: 7 days by hour (168), 30 and 90 days by day, 12 months by week (53).
 */
import { z } from 'zod'

export const USAGE_RANGES = {
  '7d': { label: '7 days', days: 7, bucket: 'hour' },
  '30d': { label: '30 days', days: 30, bucket: 'day' },
  '90d': { label: '90 days', days: 90, bucket: 'day' },
  '12m': { label: '12 months', days: 365, bucket: 'week' },
} as const

export type UsageRange = keyof typeof USAGE_RANGES
export type UsageBucket = (typeof USAGE_RANGES)[UsageRange]['bucket']

export const usageRangeSchema = z.enum(['7d', '30d', '90d', '12m']).catch('30d')

const BUCKET_MS = { hour: 3_600_000, day: 86_400_000, week: 7 * 86_400_000 } as const

/** Start of the bucket holding `time` (UTC; weeks start on Monday, as PostgreSQL's date_trunc). */
export function bucketStart(time: Date, bucket: UsageBucket): Date {
  const d = new Date(time)
  d.setUTCMinutes(0, 0, 0)
  if (bucket === 'hour') return d
  d.setUTCHours(0)
  if (bucket === 'day') return d
  const mondayOffset = (d.getUTCDay() + 6) % 7
  return new Date(d.getTime() - mondayOffset * BUCKET_MS.day)
}

/** Every bucket start of the range ending at `now` (the current, partial bucket included). */
export function rangeBuckets(range: UsageRange, now: Date): { from: Date; to: Date; buckets: Date[] } {
  const { days, bucket } = USAGE_RANGES[range]
  const to = now
  const from = bucketStart(new Date(now.getTime() - days * BUCKET_MS.day + (bucket === 'hour' ? BUCKET_MS.hour : 0)), bucket)
  const buckets: Date[] = []
  for (let t = from.getTime(); t <= now.getTime(); t += BUCKET_MS[bucket]) buckets.push(new Date(t))
  return { from, to, buckets }
}
