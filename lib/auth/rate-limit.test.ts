import { describe, expect, it } from 'vitest'
import {
  clientAddress,
  decide,
  formatRetryAfter,
  RATE_LIMIT_POLICIES,
  rateLimitedError,
  rateLimitKey,
  type RateLimitScope,
} from './rate-limit'

const now = new Date('2026-11-22T10:00:00.000Z')
const later = (seconds: number) => new Date(now.getTime() + seconds * 1000)

describe('decide', () => {
  it('allows up to the limit and says how many are left', () => {
    expect(decide(1, 5, later(900), now)).toEqual({ ok: true, remaining: 4 })
    expect(decide(5, 5, later(900), now)).toEqual({ ok: true, remaining: 0 })
  })

  it('refuses past the limit with the seconds until the window ends (at least 1)', () => {
    expect(decide(6, 5, later(900), now)).toEqual({ ok: false, retryAfterSeconds: 900 })
    expect(decide(6, 5, later(0.2), now)).toEqual({ ok: false, retryAfterSeconds: 1 })
    expect(decide(60, 5, now, now)).toEqual({ ok: false, retryAfterSeconds: 1 })
  })

  it('phrases the wait for people', () => {
    expect(formatRetryAfter(1)).toBe('in 1 second')
    expect(formatRetryAfter(45)).toBe('in 45 seconds')
    expect(formatRetryAfter(60)).toBe('in 1 minute')
    expect(formatRetryAfter(61)).toBe('in 2 minutes')
    expect(formatRetryAfter(900)).toBe('in 15 minutes')
    const error = rateLimitedError('sign-in', 900)
    expect(error).toMatchObject({ code: 'RATE_LIMITED', status: 429, details: { retryAfterSeconds: 900 } })
    expect(error.message).toBe('Too many sign-in attempts. Try again in 15 minutes.')
  })
})

describe('clientAddress', () => {
  it('keeps IPv4, maps IPv4-in-IPv6, groups IPv6 per /64', () => {
    expect(clientAddress('203.0.113.7')).toBe('203.0.113.7')
    expect(clientAddress(' 203.0.113.7 ')).toBe('203.0.113.7')
    expect(clientAddress('::ffff:203.0.113.7')).toBe('203.0.113.7')
    expect(clientAddress('2001:db8:1:2:aaaa:bbbb:cccc:dddd')).toBe('2001:db8:1:2::/64')
    expect(clientAddress('2001:0DB8:0001:0002::1')).toBe('2001:db8:1:2::/64')
    expect(clientAddress('2001:db8::1')).toBe('2001:db8:0:0::/64')
    expect(clientAddress('[2001:db8:1:2::5]:443')).toBe('2001:db8:1:2::/64')
    expect(clientAddress('fe80::1%eth0')).toBe('fe80:0:0:0::/64')
    expect(clientAddress('::1')).toBe('0:0:0:0::/64')
  })

  it('counts a missing address as "unknown"', () => {
    expect(clientAddress(undefined)).toBe('unknown')
    expect(clientAddress('')).toBe('unknown')
    expect(clientAddress(null)).toBe('unknown')
  })
})

describe('rate limit keys', () => {
  it('name the scope and rule but hash the identity', () => {
    const key = rateLimitKey('sign-in', 'account-ip', { ip: '203.0.113.7', account: 'ada@example.com' })!
    expect(key).toMatch(/^sign-in:account-ip:[A-Za-z0-9_-]{22}$/)
    expect(key).not.toContain('ada')
    expect(key).not.toContain('203.0.113.7')
  })

  it('differ by IP, by account and by scope; two addresses of one /64 share a key', () => {
    const a = rateLimitKey('sign-in', 'account-ip', { ip: '203.0.113.7', account: 'ada@example.com' })
    expect(rateLimitKey('sign-in', 'account-ip', { ip: '203.0.113.8', account: 'ada@example.com' })).not.toBe(a)
    expect(rateLimitKey('sign-in', 'account-ip', { ip: '203.0.113.7', account: 'bob@example.com' })).not.toBe(a)
    expect(rateLimitKey('mfa', 'account-ip', { ip: '203.0.113.7', account: 'ada@example.com' })).not.toBe(a)
    expect(rateLimitKey('sign-in', 'ip', { ip: '2001:db8:1:2::1' })).toBe(rateLimitKey('sign-in', 'ip', { ip: '2001:db8:1:2::ffff' }))
  })

  it('skip account rules when there is no account', () => {
    expect(rateLimitKey('reset', 'account', { ip: '203.0.113.7' })).toBeNull()
    expect(rateLimitKey('reset', 'ip', { ip: '203.0.113.7' })).toMatch(/^reset:ip:/)
  })
})

describe('policies', () => {
  it('never limit sign-in per account alone (no lockout), and a success clears the (account, IP) counter', () => {
    const rules = RATE_LIMIT_POLICIES['sign-in']
    expect(rules.map((r) => r.by).sort()).toEqual(['account', 'account-ip', 'ip'])
    expect(rules.find((r) => r.by === 'account-ip')).toMatchObject({ limit: 5, onSuccess: 'clear' })
    expect(rules.find((r) => r.by === 'account')).toMatchObject({ exceptKnownAddress: true })
  })

  it('refuse per account only where a third party cannot use it to lock the owner out', () => {
    // A per-account rule either spares the addresses the account proved itself from, or caps the
    // emails of a scope whose refusal is never shown (password reset, sign-up), or is the signed-in
    // user's own (resending their verification email).
    const silent: RateLimitScope[] = ['reset-email', 'sign-up-email']
    for (const scope of Object.keys(RATE_LIMIT_POLICIES) as RateLimitScope[]) {
      for (const rule of RATE_LIMIT_POLICIES[scope].filter((r) => r.by === 'account'))
        expect(rule.exceptKnownAddress || silent.includes(scope) || scope === 'verify', `${scope}: ${JSON.stringify(rule)}`).toBe(true)
    }
    expect(RATE_LIMIT_POLICIES.reset.map((r) => r.by)).toEqual(['ip', 'account-ip'])
    expect(RATE_LIMIT_POLICIES['mfa-recovery'].map((r) => r.by)).toEqual(['ip', 'account-ip'])
  })

  it('check address rules before account rules', () => {
    for (const scope of Object.keys(RATE_LIMIT_POLICIES) as RateLimitScope[]) {
      const order = RATE_LIMIT_POLICIES[scope].map((r) => r.by)
      const firstAccount = order.indexOf('account')
      if (firstAccount >= 0)
        expect(
          order.slice(firstAccount).every((by) => by === 'account'),
          scope,
        ).toBe(true)
    }
  })
})
