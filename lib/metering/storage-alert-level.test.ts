import { describe, expect, it } from 'vitest'
import { daysUntilFull, isRise, levelFor } from './storage-alert-level'

describe('levelFor', () => {
  it('warns at 80 % and is critical at 95 %', () => {
    expect([0, 79.9, 80, 94.9, 95, 100, 130].map((p) => levelFor(p))).toEqual([
      'OK',
      'OK',
      'WARNING',
      'WARNING',
      'CRITICAL',
      'CRITICAL',
      'CRITICAL',
    ])
  })
  it('clears a level only 2 points below its threshold', () => {
    expect(levelFor(94, 'CRITICAL')).toBe('CRITICAL')
    expect(levelFor(92.9, 'CRITICAL')).toBe('WARNING')
    expect(levelFor(79, 'WARNING')).toBe('WARNING')
    expect(levelFor(77.9, 'WARNING')).toBe('OK')
    expect(levelFor(79, 'CRITICAL')).toBe('WARNING')
    expect(levelFor(50, 'CRITICAL')).toBe('OK')
  })
  it('counts only upward moves as crossings', () => {
    expect(isRise('OK', 'WARNING')).toBe(true)
    expect(isRise('OK', 'CRITICAL')).toBe(true)
    expect(isRise('WARNING', 'CRITICAL')).toBe(true)
    expect(isRise('CRITICAL', 'WARNING')).toBe(false)
    expect(isRise('WARNING', 'WARNING')).toBe(false)
  })
})

describe('daysUntilFull', () => {
  const hour = 3_600_000
  it('extrapolates the 7-day trend to the capacity', () => {
    // 1 GB a day, 10 GB free at the last reading: 10 days.
    const readings = Array.from({ length: 7 * 24 }, (_, i) => ({ time: i * hour, usedBytes: 50e9 + (i * 1e9) / 24 }))
    const last = readings.at(-1)!.usedBytes
    expect(daysUntilFull(readings, last + 10e9)).toBeCloseTo(10, 1)
  })
  it('has no forecast for a flat or shrinking volume, or too short a history', () => {
    expect(
      daysUntilFull(
        [
          { time: 0, usedBytes: 5 },
          { time: 2 * hour, usedBytes: 5 },
        ],
        10,
      ),
    ).toBeNull()
    expect(
      daysUntilFull(
        [
          { time: 0, usedBytes: 9 },
          { time: 2 * hour, usedBytes: 5 },
        ],
        10,
      ),
    ).toBeNull()
    expect(
      daysUntilFull(
        [
          { time: 0, usedBytes: 1 },
          { time: 60_000, usedBytes: 5 },
        ],
        10,
      ),
    ).toBeNull()
    expect(daysUntilFull([{ time: 0, usedBytes: 1 }], 10)).toBeNull()
  })
  it('says 0 when already full', () => {
    expect(
      daysUntilFull(
        [
          { time: 0, usedBytes: 1 },
          { time: 2 * hour, usedBytes: 12 },
        ],
        10,
      ),
    ).toBe(0)
  })
})
