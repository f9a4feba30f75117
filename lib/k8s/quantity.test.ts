import { describe, expect, it } from 'vitest'
import { cpuQuantity, memoryQuantity, parseQuantity, sameQuantity } from './quantity'

describe('quantities', () => {
  it('parses decimal, binary and exponent suffixes', () => {
    expect(parseQuantity('500m')).toBe(0.5)
    expect(parseQuantity('2')).toBe(2)
    expect(parseQuantity('1Gi')).toBe(2 ** 30)
    expect(parseQuantity('1.5Mi')).toBe(1.5 * 2 ** 20)
    expect(parseQuantity('1k')).toBe(1000)
    expect(parseQuantity('1e3')).toBe(1000)
    expect(parseQuantity(3)).toBe(3)
    expect(parseQuantity('lots')).toBeNaN()
  })

  it('compares by value', () => {
    expect(sameQuantity('1024Mi', '1Gi')).toBe(true)
    expect(sameQuantity('1000m', '1')).toBe(true)
    expect(sameQuantity('0.1', '100m')).toBe(true)
    expect(sameQuantity('1G', '1Gi')).toBe(false)
    expect(sameQuantity('odd', 'odd')).toBe(true)
  })

  it('writes CPU and memory the way the API server stores them', () => {
    expect([cpuQuantity(500), cpuQuantity(1000), cpuQuantity(16000), cpuQuantity(1500)]).toEqual(['500m', '1', '16', '1500m'])
    expect([memoryQuantity(512), memoryQuantity(1024), memoryQuantity(1536), memoryQuantity(32768)]).toEqual([
      '512Mi',
      '1Gi',
      '1536Mi',
      '32Gi',
    ])
  })
})
