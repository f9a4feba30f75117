import { describe, expect, it } from 'vitest'
import { requestIdFrom } from './request-id'

const headers = (value?: string) => new Headers(value === undefined ? {} : { 'x-request-id': value })

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
