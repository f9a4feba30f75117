import { describe, expect, it } from 'vitest'
import { isoDay, isoMinute, isoSecond, longDate, longDateTime, monthYear } from './date'

const at = new Date('2027-03-12T14:00:05.123Z')
// 23:30 on the 31st in UTC is already the next day east of UTC: every format stays on the UTC day.
const lateUtc = '2027-12-31T23:30:00.000Z'

describe('date formats (UTC)', () => {
  it.each([
    ['isoDay', isoDay, at, '2027-03-12'],
    ['isoDay', isoDay, lateUtc, '2027-12-31'],
    ['isoDay', isoDay, '2026-01-01T00:05:00+02:00', '2025-12-31'],
    ['isoMinute', isoMinute, at, '2027-03-12 14:00'],
    ['isoMinute', isoMinute, lateUtc, '2027-12-31 23:30'],
    ['isoSecond', isoSecond, at, '2027-03-12 14:00:05'],
    ['isoSecond', isoSecond, new Date(0), '1970-01-01 00:00:00'],
    ['monthYear', monthYear, '2027-02-01T00:00:00.000Z', 'February 2027'],
    ['monthYear', monthYear, lateUtc, 'December 2027'],
    ['longDate', longDate, new Date('2027-03-14T00:00:00Z'), 'March 14, 2027'],
    ['longDate', longDate, lateUtc, 'December 31, 2027'],
    ['longDateTime', longDateTime, new Date('2027-03-12T14:00:00Z'), 'March 12, 2027 at 2:00 PM UTC'],
    ['longDateTime', longDateTime, '2027-01-05T00:07:00Z', 'January 5, 2027 at 12:07 AM UTC'],
  ] as const)('%s(%s) → %s', (_name, format, input, expected) => {
    expect(format(input)).toBe(expected)
  })
})
