import { describe, expect, it } from 'vitest'
import {
  approxDays,
  formatBinaryBytes,
  formatBytes,
  formatCpuHours,
  formatDaysUntilFull,
  formatGb,
  formatNumber,
  formatPercent,
  formatRatio,
  formatSeconds,
} from './quantity'

describe('formatNumber', () => {
  it.each([
    [1234.5678, undefined, '1,234.57'],
    [12000, undefined, '12,000'],
    [0.005, undefined, '0.01'],
    [3.25, 1, '3.3'],
    [2, 1, '2'],
    [0.000123, 6, '0.000123'],
    [1234567, 0, '1,234,567'],
  ] as const)('%d (%s digits) → %s', (value, digits, expected) => {
    expect(formatNumber(value, digits)).toBe(expected)
  })
})

describe('bytes', () => {
  it.each([
    [0, '0 B'],
    [999, '999 B'],
    [1000, '1.0 KB'],
    [48_200_000_000, '48.2 GB'],
    [120_000_000_000, '120 GB'],
    [99_950_000, '100.0 MB'],
    [2e18, '2000 PB'],
  ] as const)('decimal %d → %s', (bytes, expected) => {
    expect(formatBytes(bytes)).toBe(expected)
  })

  it.each([
    [0, '0 B'],
    [512, '512 B'],
    [1536 * 1024, '1.5 MiB'],
    [48.2 * 1024 ** 3, '48.2 GiB'],
    [50 * 1024 ** 3, '50 GiB'],
    [3 * 1024 ** 6, '3,072 PiB'],
  ] as const)('binary %d → %s', (bytes, expected) => {
    expect(formatBinaryBytes(bytes)).toBe(expected)
  })
})

describe('usage quantities', () => {
  it.each([
    [formatGb(12.345), '12.35 GB'],
    [formatGb(0), '0 GB'],
    [formatCpuHours(3.46), '3.5 core-hours'],
    [formatCpuHours(1200), '1,200 core-hours'],
  ])('%s', (actual, expected) => {
    expect(actual).toBe(expected)
  })
})

describe('percentages and durations', () => {
  it.each([
    [formatPercent(96.4), '96.4%'],
    [formatPercent(81), '81%'],
    [formatPercent(80.04), '80%'],
    [formatPercent(1000), '1,000%'],
    [formatRatio(0.25), '25.0%'],
    [formatRatio(0.12345), '12.3%'],
    [formatRatio(0), '0.0%'],
    [formatRatio(null), '—'],
    [formatSeconds(1234), '1.2 s'],
    [formatSeconds(0), '0.0 s'],
    [formatSeconds(null), '—'],
  ])('%s', (actual, expected) => {
    expect(actual).toBe(expected)
  })
})

describe('days until full', () => {
  it.each([
    [0.4, 'less than a day', 'full in less than a day'],
    [1, 'about 1 day', 'full in about 1 day'],
    [1.4, 'about 1 day', 'full in about 1 day'],
    [2.6, 'about 3 days', 'full in about 3 days'],
    [30, 'about 30 days', 'full in about 30 days'],
  ] as const)('%d → %s', (days, approx, untilFull) => {
    expect(approxDays(days)).toBe(approx)
    expect(formatDaysUntilFull(days)).toBe(untilFull)
  })

  it('has no forecast without data', () => {
    expect(formatDaysUntilFull(null)).toBeNull()
  })
})
