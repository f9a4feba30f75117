import { describe, expect, it } from 'vitest'
import { seal, unseal } from './seal'

describe('seal', () => {
  it('round-trips and never stores the plaintext', () => {
    const sealed = seal('correct horse battery staple', 'credentials')
    expect(sealed).not.toContain('horse')
    expect(unseal(sealed, 'credentials')).toBe('correct horse battery staple')
    expect(seal('same', 'credentials')).not.toBe(seal('same', 'credentials'))
  })

  it('refuses a tampered value and another purpose', () => {
    const sealed = seal('secret', 'credentials')
    const parts = sealed.split('.')
    parts[3] = Buffer.from('SECRET').toString('base64url')
    expect(() => unseal(parts.join('.'), 'credentials')).toThrow()
    expect(() => unseal(sealed, 'other')).toThrow()
    expect(() => unseal('garbage', 'credentials')).toThrow(/sealed/)
  })
})
