import { Secret, TOTP } from 'otpauth'
import { describe, expect, it } from 'vitest'
import { classifyCode, decryptTotpSecret, encryptTotpSecret, generateRecoveryCodes, hashRecoveryCode, matchTotpStep, totpFor } from './totp'

const AUTH_SECRET = 'unit-test-secret-of-at-least-32-characters'

describe('TOTP secret encryption', () => {
  const secret = new Secret({ size: 20 }).base32

  it('round-trips, with a fresh IV every time', () => {
    const a = encryptTotpSecret(secret, 'user_1', AUTH_SECRET)
    const b = encryptTotpSecret(secret, 'user_1', AUTH_SECRET)
    expect(a).toMatch(/^v1\.[\w-]+\.[\w-]+\.[\w-]+$/)
    expect(a).not.toBe(b)
    expect(a).not.toContain(secret)
    expect(decryptTotpSecret(a, 'user_1', AUTH_SECRET)).toBe(secret)
    expect(decryptTotpSecret(b, 'user_1', AUTH_SECRET)).toBe(secret)
  })

  it('refuses another user, another AUTH_SECRET, or a tampered value', () => {
    const stored = encryptTotpSecret(secret, 'user_1', AUTH_SECRET)
    expect(() => decryptTotpSecret(stored, 'user_2', AUTH_SECRET)).toThrow()
    expect(() => decryptTotpSecret(stored, 'user_1', AUTH_SECRET + '!')).toThrow()
    const [v, iv, ct, tag] = stored.split('.') as [string, string, string, string]
    const flipped = Buffer.from(ct, 'base64url')
    flipped[0]! ^= 1
    expect(() => decryptTotpSecret([v, iv, flipped.toString('base64url'), tag].join('.'), 'user_1', AUTH_SECRET)).toThrow()
    expect(() => decryptTotpSecret(secret, 'user_1', AUTH_SECRET)).toThrow()
  })
})

describe('TOTP codes', () => {
  const secret = new Secret({ size: 20 }).base32
  const now = new Date('2026-11-22T10:00:10.000Z')
  const app = new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 })

  it('uses SHA-1, 6 digits, 30 s and the Tenancy issuer', () => {
    const uri = totpFor(secret, 'ada@example.com').toString()
    expect(uri).toMatch(/^otpauth:\/\/totp\/Tenancy:ada%40example\.com\?/)
    expect(uri).toContain('issuer=Tenancy')
    expect(uri).toContain('algorithm=SHA1')
    expect(uri).toContain('digits=6')
    expect(uri).toContain('period=30')
    expect(uri).toContain(`secret=${secret}`)
  })

  it('accepts the current code and one step either side, and says which step', () => {
    const totp = totpFor(secret, 'ada@example.com')
    const step = Math.floor(now.getTime() / 30_000)
    expect(matchTotpStep(totp, app.generate({ timestamp: now.getTime() }), now)).toBe(step)
    expect(matchTotpStep(totp, app.generate({ timestamp: now.getTime() - 30_000 }), now)).toBe(step - 1)
    expect(matchTotpStep(totp, app.generate({ timestamp: now.getTime() + 30_000 }), now)).toBe(step + 1)
    expect(matchTotpStep(totp, app.generate({ timestamp: now.getTime() + 90_000 }), now)).toBeNull()
  })
})

describe('recovery codes', () => {
  it('are ten distinct xxxx-xxxx-xxxx-xxxx codes of Crockford base32', () => {
    const codes = generateRecoveryCodes()
    expect(codes).toHaveLength(10)
    expect(new Set(codes).size).toBe(10)
    for (const code of codes) {
      expect(code).toMatch(/^[0-9a-hjkmnp-tv-z]{4}(-[0-9a-hjkmnp-tv-z]{4}){3}$/)
      expect(classifyCode(code)).toEqual({ kind: 'recovery', code: code.replaceAll('-', '') })
    }
  })

  it('are read forgivingly: case, spaces, dashes, and i/l/o for 1/1/0', () => {
    expect(classifyCode(' ABCD-EFGH 1100-wxyz ')).toEqual({ kind: 'recovery', code: 'abcdefgh1100wxyz' })
    expect(classifyCode('abcd-efgh-ILOO-wxyz')).toEqual({ kind: 'recovery', code: 'abcdefgh1100wxyz' })
    expect(classifyCode('123 456')).toEqual({ kind: 'totp', code: '123456' })
    for (const bad of ['', '12345', '1234567', 'abcd-efgh-uuuu-wxyz', 'abcd-efgh'])
      expect(classifyCode(bad), bad).toEqual({ kind: 'invalid' })
  })

  it('are stored as a SHA-256 hash', () => {
    expect(hashRecoveryCode('abcdefgh1100wxyz')).toMatch(/^[0-9a-f]{64}$/)
    expect(hashRecoveryCode('abcdefgh1100wxyz')).not.toBe(hashRecoveryCode('abcdefgh1100wxy0'))
  })
})
