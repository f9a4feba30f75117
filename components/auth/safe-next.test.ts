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

  it('refuses a tab, a newline or a backslash between the slashes, as typed or percent-encoded (issue 14, item 1)', () => {
    for (const hostile of [
      '/\t/evil.example',
      '/\n/evil.example',
      '/\r\n/evil.example',
      '/%09/evil.example',
      '/%0a/evil.example',
      '/%0D%0A/evil.example',
      '/%2F/evil.example',
      '/%5Cevil.example',
      '/%2509/evil.example',
      '/ /evil.example',
      '/\u0000/evil.example',
      '/%',
      ['/acme'],
    ]) {
      expect(safeNext(hostile, '/x'), JSON.stringify(hostile)).toBe('/x')
    }
  })

  it('keeps an encoded query as it is', () => {
    expect(safeNext('/invite?token=a%2Bb', '/x')).toBe('/invite?token=a%2Bb')
    expect(safeNext('/signin?next=%2Facme', '/x')).toBe('/signin?next=%2Facme')
  })
})
