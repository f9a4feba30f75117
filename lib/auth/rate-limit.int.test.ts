import { describe, expect, it } from 'vitest'
import { AppError } from '../errors/app-error'
import { useTestDatabase } from '../testing/use-test-database'
import { checkRateLimit, hit, limitAttempt, rateLimitKey } from './rate-limit'

const database = useTestDatabase()
let counter = 0
const key = (what: string) => `test:${what}:${++counter}`
const ip = () => `198.51.100.${++counter}`
const t0 = new Date('2026-11-22T10:00:00.000Z')
const at = (seconds: number) => new Date(t0.getTime() + seconds * 1000)

describe('hit', () => {
  it('counts within a fixed window, then refuses with the seconds left, then starts a new window', async () => {
    const k = key('window')
    const options = { key: k, limit: 3, windowSeconds: 60 }
    expect(await hit({ ...options, now: at(0) })).toEqual({ ok: true, remaining: 2 })
    expect(await hit({ ...options, now: at(10) })).toEqual({ ok: true, remaining: 1 })
    expect(await hit({ ...options, now: at(20) })).toEqual({ ok: true, remaining: 0 })
    expect(await hit({ ...options, now: at(30) })).toEqual({ ok: false, retryAfterSeconds: 30 })
    // Hammering does not move the window.
    expect(await hit({ ...options, now: at(59.5) })).toEqual({ ok: false, retryAfterSeconds: 1 })
    expect(await hit({ ...options, now: at(60) })).toEqual({ ok: true, remaining: 2 })
    const row = await database.db.rateLimitBucket.findUniqueOrThrow({ where: { key: k } })
    expect(row).toMatchObject({ count: 1, windowStart: at(60), resetAt: at(120) })
  })

  it('counts concurrent hits exactly: 40 at once against a limit of 25 → 25 allowed, 15 refused', async () => {
    const k = key('concurrent')
    const results = await Promise.all(Array.from({ length: 40 }, () => hit({ key: k, limit: 25, windowSeconds: 600 })))
    expect(results.filter((r) => r.ok)).toHaveLength(25)
    expect(results.filter((r) => !r.ok)).toHaveLength(15)
    // Every "remaining" from 24 down to 0 was handed out exactly once.
    expect(
      results
        .filter((r) => r.ok)
        .map((r) => (r.ok ? r.remaining : -1))
        .sort((a, b) => a - b),
    ).toEqual(Array.from({ length: 25 }, (_, i) => i))
    expect((await database.db.rateLimitBucket.findUniqueOrThrow({ where: { key: k } })).count).toBe(40)
  })

  it('keeps buckets apart', async () => {
    const a = key('a')
    const b = key('b')
    await hit({ key: a, limit: 1, windowSeconds: 60 })
    expect((await hit({ key: a, limit: 1, windowSeconds: 60 })).ok).toBe(false)
    expect((await hit({ key: b, limit: 1, windowSeconds: 60 })).ok).toBe(true)
  })
})

describe('policies', () => {
  it('sign-in: the 6th attempt for one account from one IP is refused; another IP, another account still pass', async () => {
    const attacker = ip()
    for (let i = 0; i < 5; i++) await limitAttempt('sign-in', { ip: attacker, account: 'victim@example.com' }, { now: at(i) })
    const refused = await limitAttempt('sign-in', { ip: attacker, account: 'victim@example.com' }, { now: at(5) }).catch((e: unknown) => e)
    expect(refused).toBeInstanceOf(AppError)
    expect(refused).toMatchObject({ code: 'RATE_LIMITED', details: { retryAfterSeconds: 895 } })
    await expect(limitAttempt('sign-in', { ip: ip(), account: 'victim@example.com' }, { now: at(6) })).resolves.toBeDefined()
    await expect(limitAttempt('sign-in', { ip: attacker, account: 'other@example.com' }, { now: at(7) })).resolves.toBeDefined()
  })

  it('sign-in: a success clears the (account, IP) counter and refunds the IP counter', async () => {
    const address = ip()
    const identity = { ip: address, account: 'ada@example.com' }
    for (let i = 0; i < 4; i++) await limitAttempt('sign-in', identity)
    const attempt = await limitAttempt('sign-in', identity)
    await attempt.succeeded()
    expect(await database.db.rateLimitBucket.findUnique({ where: { key: rateLimitKey('sign-in', 'account-ip', identity)! } })).toBeNull()
    expect((await database.db.rateLimitBucket.findUniqueOrThrow({ where: { key: rateLimitKey('sign-in', 'ip', identity)! } })).count).toBe(
      4,
    )
    for (let i = 0; i < 5; i++) await limitAttempt('sign-in', identity)
    await expect(limitAttempt('sign-in', identity)).rejects.toMatchObject({ code: 'RATE_LIMITED' })
  })

  it('sign-in: one IP failing against many accounts is stopped by the per-IP limit (50 / 15 min)', async () => {
    const address = ip()
    for (let i = 0; i < 50; i++) await limitAttempt('sign-in', { ip: address, account: `user${i}@example.com` })
    const check = await checkRateLimit('sign-in', { ip: address, account: 'fresh@example.com' })
    expect(check).toMatchObject({ ok: false, rule: { by: 'ip' }, isFirstRefusal: true })
    // The refused client added nothing to the account's bucket (address rules come first).
    expect(
      await database.db.rateLimitBucket.findUnique({
        where: { key: rateLimitKey('sign-in', 'account-ip', { ip: address, account: 'fresh@example.com' })! },
      }),
    ).toBeNull()
    expect(await checkRateLimit('sign-in', { ip: address, account: 'fresh@example.com' })).toMatchObject({
      ok: false,
      isFirstRefusal: false,
    })
  })

  it('reset: per address across IPs (no mail bombing), per IP across addresses', async () => {
    for (let i = 0; i < 5; i++) await limitAttempt('reset', { ip: ip(), account: 'bombed@example.com' })
    await expect(limitAttempt('reset', { ip: ip(), account: 'bombed@example.com' })).rejects.toMatchObject({ code: 'RATE_LIMITED' })
    const address = ip()
    for (let i = 0; i < 10; i++) await limitAttempt('reset', { ip: address, account: `r${i}@example.com` })
    await expect(limitAttempt('reset', { ip: address, account: 'r10@example.com' })).rejects.toMatchObject({ code: 'RATE_LIMITED' })
  })

  it('concurrent sign-in attempts cannot slip past the limit', async () => {
    const identity = { ip: ip(), account: 'parallel@example.com' }
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => limitAttempt('sign-in', identity)))
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5)
  })
})
