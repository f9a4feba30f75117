import crypto from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { generateToken, hashToken, isWellFormedToken, PASSWORD_RESET_TTL_MS, VERIFY_EMAIL_TTL_MS } from './tokens'

describe('tokens', () => {
  it('are 32 random bytes in base64url, different every time', () => {
    const tokens = new Set(Array.from({ length: 200 }, generateToken))
    expect(tokens.size).toBe(200)
    for (const token of tokens) {
      expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)
      expect(Buffer.from(token, 'base64url')).toHaveLength(32)
      expect(isWellFormedToken(token)).toBe(true)
    }
  })

  it('are stored as their SHA-256 (hex), never as themselves', () => {
    const token = generateToken()
    expect(hashToken(token)).toBe(crypto.createHash('sha256').update(token).digest('hex'))
    expect(hashToken(token)).toMatch(/^[0-9a-f]{64}$/)
    expect(hashToken(token)).not.toContain(token)
    expect(hashToken(token)).toBe(hashToken(token))
    expect(hashToken(generateToken())).not.toBe(hashToken(token))
  })

  it('recognizes what cannot be a token', () => {
    for (const bad of [
      '',
      'abc',
      generateToken() + 'x',
      generateToken().slice(1) + '=',
      "' OR 1=1 --".padEnd(43, 'x'),
      null,
      42,
      undefined,
    ]) {
      expect(isWellFormedToken(bad), String(bad)).toBe(false)
    }
  })

  it('verification links last 24 hours, reset links 30 minutes', () => {
    expect(VERIFY_EMAIL_TTL_MS).toBe(24 * 3600 * 1000)
    expect(PASSWORD_RESET_TTL_MS).toBe(30 * 60 * 1000)
  })
})
