import { describe, expect, it } from 'vitest'
import { safeNext } from './safe-next'

describe('safeNext', () => {
  it('follows same-site paths only', () => {
    expect(safeNext('/acme/members', '/x')).toBe('/acme/members')
    expect(safeNext('/invite?token=abc', '/x')).toBe('/invite?token=abc')
    for (const hostile of ['https://evil.example', '//evil.example', '/\\evil.example', 'javascript:alert(1)', '', undefined, null]) {
      expect(safeNext(hostile, '/x')).toBe('/x')
    }
  })
})
