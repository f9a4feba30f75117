import crypto from 'node:crypto'
import { describe, expect, it } from 'vitest'
import { generateInvitationToken, hashInvitationToken, invitationStatus, isInvitationTokenShaped } from './invitation-token'

describe('invitation tokens', () => {
  it('are 32 random bytes in base64url, stored as their SHA-256', () => {
    const { token, tokenHash } = generateInvitationToken()
    expect(Buffer.from(token, 'base64url')).toHaveLength(32)
    expect(token).toMatch(/^[A-Za-z0-9_-]{43}$/)
    expect(tokenHash).toBe(crypto.createHash('sha256').update(token).digest('hex'))
    expect(hashInvitationToken(token)).toBe(tokenHash)
    expect(generateInvitationToken().token).not.toBe(token)
  })

  it('recognize their own shape only', () => {
    expect(isInvitationTokenShaped(generateInvitationToken().token)).toBe(true)
    for (const bad of ['', 'short', 'a'.repeat(44), `${'a'.repeat(42)}=`, `${'a'.repeat(42)}+`, 42, null, undefined]) {
      expect(isInvitationTokenShaped(bad)).toBe(false)
    }
  })
})

describe('invitationStatus', () => {
  const now = new Date('2026-06-01T12:00:00Z')
  const later = new Date('2026-06-02T12:00:00Z')
  const earlier = new Date('2026-05-31T12:00:00Z')
  it('orders accepted, revoked, expired, pending', () => {
    expect(invitationStatus({ acceptedAt: earlier, revokedAt: null, expiresAt: earlier }, now)).toBe('accepted')
    expect(invitationStatus({ acceptedAt: null, revokedAt: earlier, expiresAt: later }, now)).toBe('revoked')
    expect(invitationStatus({ acceptedAt: null, revokedAt: null, expiresAt: now }, now)).toBe('expired')
    expect(invitationStatus({ acceptedAt: null, revokedAt: null, expiresAt: later }, now)).toBe('pending')
  })
})
