import { describe, expect, it } from 'vitest'
import { requestIdFrom } from './request-id'

// A plain reader: real Headers refuse some hostile values before they reach us, a raw socket does not.
const headers = (value?: string) => ({ get: (name: string) => (name === 'x-request-id' ? (value ?? null) : null) })

describe('requestIdFrom', () => {
  it('keeps a well-formed incoming id', () => {
    expect(requestIdFrom(headers('lb-1234:abcd.ef'))).toBe('lb-1234:abcd.ef')
  })

  it('replaces a missing, short or hostile id with a fresh UUID', () => {
    for (const value of [undefined, 'x', 'a'.repeat(200), 'abc\n{"admin":true}', '<script>alert(1)</script>']) {
      expect(requestIdFrom(headers(value))).toMatch(/^[0-9a-f-]{36}$/)
    }
  })
})
