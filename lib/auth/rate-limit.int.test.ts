import { describe, expect, it } from 'vitest'
import { AppError } from '../errors/app-error'
import { useTestDatabase } from '../testing/use-test-database'
import { checkRateLimit, hit, isKnownAddress, limitAttempt, mayEmail, rateLimitKey } from './rate-limit'

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

  it('reset: requests from many addresses never refuse the owner at theirs; emails to one address are capped silently', async () => {
    for (let i = 0; i < 30; i++) await limitAttempt('reset', { ip: ip(), account: 'bombed@example.com' }, { now: at(i) })
    await expect(limitAttempt('reset', { ip: ip(), account: 'bombed@example.com' }, { now: at(30) })).resolves.toBeDefined()
    // Per (address, IP): one client asking again and again for the same address.
    const asker = ip()
    for (let i = 0; i < 5; i++) await limitAttempt('reset', { ip: asker, account: 'asked@example.com' })
    await expect(limitAttempt('reset', { ip: asker, account: 'asked@example.com' })).rejects.toMatchObject({ code: 'RATE_LIMITED' })
    // Per IP across addresses (a spray of reset requests).
    const address = ip()
    for (let i = 0; i < 10; i++) await limitAttempt('reset', { ip: address, account: `r${i}@example.com` })
    await expect(limitAttempt('reset', { ip: address, account: 'r10@example.com' })).rejects.toMatchObject({ code: 'RATE_LIMITED' })
    // The emails: 5 per 30 minutes to one address, then none until the window ends (never an error).
    const sent = []
    for (let i = 0; i < 8; i++) sent.push(await mayEmail('reset-email', 'mailed@example.com', { now: at(i * 60) }))
    expect(sent).toEqual([true, true, true, true, true, false, false, false])
    expect(await mayEmail('reset-email', 'mailed@example.com', { now: at(30 * 60) })).toBe(true)
  })

  it('sign-in: the per-account ceiling stops a botnet rotating addresses, never the owner where they signed in before', async () => {
    const owner = ip()
    const account = 'targeted@example.com'
    const t = (i: number) => ({ now: at(i) })
    await (await limitAttempt('sign-in', { ip: owner, account }, t(0))).succeeded() // the owner's usual address
    expect(await isKnownAddress('sign-in', { ip: owner, account }, at(1))).toBe(true)
    const refusals = []
    for (let i = 0; i < 120; i++) {
      const check = await checkRateLimit('sign-in', { ip: `203.0.${Math.floor(i / 2)}.${(i % 2) + 1}`, account }, t(i + 1))
      if (!check.ok) refusals.push(check.rule.by)
    }
    // 2 attempts per address stay under the per-(account, IP) limit: only the ceiling refuses, after 100.
    expect(refusals).toEqual(Array(20).fill('account'))
    await expect(limitAttempt('sign-in', { ip: owner, account }, t(200))).resolves.toBeDefined()
    // A new address of the owner's is refused while the window lasts, told the way out (a reset remembers the address).
    const error = await limitAttempt('sign-in', { ip: ip(), account }, t(201)).catch((e: unknown) => e)
    expect(error).toMatchObject({ code: 'RATE_LIMITED', message: expect.stringContaining('resetting its password') })
    expect(await isKnownAddress('sign-in', { ip: owner, account }, at(31 * 86_400))).toBe(false) // remembered for 30 days
  })

  it('mfa: guesses from rotating addresses hit a per-user ceiling; the owner passes from where they passed before', async () => {
    const owner = ip()
    const account = `user-${++counter}`
    await (await limitAttempt('mfa', { ip: owner, account }, { now: at(0) })).succeeded()
    let refused = 0
    for (let i = 0; i < 40; i++) if (!(await checkRateLimit('mfa', { ip: ip(), account }, { now: at(i + 1) })).ok) refused++
    expect(refused).toBe(20)
    await expect(limitAttempt('mfa', { ip: owner, account }, { now: at(60) })).resolves.toBeDefined()
    // Recovery codes have no per-user ceiling (80 bits): a new address still gets in with one.
    const elsewhere = ip()
    await expect(limitAttempt('mfa', { ip: elsewhere, account }, { now: at(61) })).rejects.toMatchObject({ code: 'RATE_LIMITED' })
    await expect(limitAttempt('mfa-recovery', { ip: elsewhere, account }, { now: at(62) })).resolves.toBeDefined()
  })

  it('never remembers a request without an address', async () => {
    await (await limitAttempt('sign-in', { ip: undefined, account: 'nowhere@example.com' })).succeeded()
    expect(await isKnownAddress('sign-in', { ip: undefined, account: 'nowhere@example.com' })).toBe(false)
  })

  it('concurrent sign-in attempts cannot slip past the limit', async () => {
    const identity = { ip: ip(), account: 'parallel@example.com' }
    const results = await Promise.allSettled(Array.from({ length: 20 }, () => limitAttempt('sign-in', identity)))
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(5)
  })
})
