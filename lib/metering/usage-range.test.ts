import { describe, expect, it } from 'vitest'
import { bucketStart, rangeBuckets, usageRangeSchema, USAGE_RANGES, type UsageRange } from './usage-range'

describe('usage ranges', () => {
  const now = new Date('2026-11-22T03:41:10Z') // a Sunday
  it('never gives a series more than 500 points', () => {
    for (const range of Object.keys(USAGE_RANGES) as UsageRange[]) {
      const { buckets } = rangeBuckets(range, now)
      expect(buckets.length, range).toBeLessThanOrEqual(500)
      expect(buckets.at(-1)!.getTime()).toBeLessThanOrEqual(now.getTime())
    }
    expect(rangeBuckets('7d', now).buckets).toHaveLength(168)
    expect(rangeBuckets('30d', now).buckets).toHaveLength(31)
    expect(rangeBuckets('90d', now).buckets).toHaveLength(91)
    expect(rangeBuckets('12m', now).buckets).toHaveLength(53)
  })
  it('truncates like date_trunc in UTC, weeks from Monday', () => {
    expect(bucketStart(now, 'hour').toISOString()).toBe('2026-11-22T03:00:00.000Z')
    expect(bucketStart(now, 'day').toISOString()).toBe('2026-11-22T00:00:00.000Z')
    expect(bucketStart(now, 'week').toISOString()).toBe('2026-11-16T00:00:00.000Z')
  })
  it('falls back to 30 days for an unknown range', () => {
    expect(usageRangeSchema.parse('12m')).toBe('12m')
    expect(usageRangeSchema.parse('1y')).toBe('30d')
    expect(usageRangeSchema.parse(undefined)).toBe('30d')
  })
})
