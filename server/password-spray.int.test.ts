// A bounded password spray and credential-stuffing run over a real socket on the loopback, the
// way an attacker runs one. The server resolves addresses as server/http.ts does, with one trusted
// proxy (127.0.0.2), in front of the real auth actions (sign-in, password reset, the TOTP step):
// - one machine (127.0.0.5, not a proxy) naming a new address in X-Forwarded-For each time: the
//   header is not believed, every attempt counts at 127.0.0.5 and is throttled there;
// - a botnet behind the trusted proxy: every attempt really comes from a new address (the proxy
//   names it in X-Forwarded-For), against one super-admin: stuffing its sign-in, asking for its
//   password reset, and, with its password leaked, guessing its TOTP codes. Each is throttled
//   (a ceiling per account, the reset emails capped) — and the owner, from their own address,
//   still signs in, asks for a reset (a live link in their mailbox) and passes TOTP.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { Secret, TOTP } from 'otpauth'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { requestPasswordResetAction } from '@/app/_actions/auth/request-password-reset'
import { signInAction } from '@/app/_actions/auth/sign-in'
import { verifySecondFactorAction } from '@/app/_actions/auth/verify-second-factor'
import { beginTotpEnrollment } from '@/lib/auth/begin-totp-enrollment'
import { confirmTotpEnrollment } from '@/lib/auth/confirm-totp-enrollment'
import { createSuperAdmin } from '@/lib/auth/create-super-admin'
import { hashPassword } from '@/lib/auth/password'
import { trustedProxies } from '@/lib/http/client-address'
import { withRequestScope, type RequestScope } from '@/lib/testing/next-request-scope'
import { useTestDatabase } from '@/lib/testing/use-test-database'
import { stampRequest } from './client-address'

const database = useTestDatabase({ jobs: 'per-file' })
const PROXY = '127.0.0.2'
const ATTACKER = '127.0.0.5'
const OWNER = '127.0.0.9'
let server: http.Server
let port = 0

// eslint-disable-next-line @typescript-eslint/no-explicit-any
const ACTIONS: Record<string, (previous: any, form: FormData) => Promise<any>> = {
  '/signin': signInAction,
  '/forgot-password': requestPasswordResetAction,
  '/mfa': verifySecondFactorAction,
}

interface Outcome {
  code?: string
  redirect?: string
  /** Cookies the answer set (name → value; an empty value deletes). */
  cookies: Record<string, string>
}

beforeAll(async () => {
  const trusted = trustedProxies([PROXY])
  server = http.createServer(async (request, response) => {
    stampRequest(request, trusted)
    let body = ''
    for await (const chunk of request) body += chunk
    const headers = new Headers({ origin: `http://127.0.0.1:${port}`, host: `127.0.0.1:${port}` })
    for (const [name, value] of Object.entries(request.headers)) if (typeof value === 'string') headers.set(name, value)
    const cookies = new Map<string, string>()
    for (const pair of headers.get('cookie')?.split('; ') ?? []) {
      const at = pair.indexOf('=')
      if (at > 0) cookies.set(pair.slice(0, at), decodeURIComponent(pair.slice(at + 1)))
    }
    const form = new FormData()
    for (const [key, value] of new URLSearchParams(body)) form.append(key, value)
    const scope: RequestScope = { headers, cookies, written: [], refreshed: false }
    const outcome: Outcome = { cookies: {} }
    try {
      const result = await withRequestScope(scope, () => ACTIONS[request.url ?? '']!(null, form))
      outcome.code = result.ok ? 'ok' : result.code
    } catch (error) {
      const digest = String((error as { digest?: unknown }).digest ?? '')
      if (!digest.startsWith('NEXT_REDIRECT')) throw error
      outcome.redirect = digest.split(';')[2]
    }
    for (const write of scope.written) outcome.cookies[write.name] = write.value
    response.end(JSON.stringify(outcome))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

/** A browser (or a bot) on the loopback address `from`; through the proxy, `forwardedFor` is the address the proxy saw. */
class Client {
  readonly jar = new Map<string, string>()
  constructor(readonly from: string) {}

  post(path: string, fields: Record<string, string>, forwardedFor?: string): Promise<Outcome> {
    const body = new URLSearchParams(fields).toString()
    const headers: Record<string, string> = { 'content-type': 'application/x-www-form-urlencoded' }
    if (forwardedFor) headers['x-forwarded-for'] = forwardedFor
    if (this.jar.size) headers.cookie = [...this.jar].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; ')
    return new Promise((resolve, reject) => {
      const request = http.request(
        { host: '127.0.0.1', port, localAddress: this.from, method: 'POST', path, headers },
        async (response) => {
          let text = ''
          for await (const chunk of response) text += chunk
          const outcome = JSON.parse(text) as Outcome
          for (const [name, value] of Object.entries(outcome.cookies)) {
            if (value) this.jar.set(name, value)
            else this.jar.delete(name)
          }
          resolve(outcome)
        },
      )
      request.on('error', reject)
      request.end(body)
    })
  }
}

const rotating = (i: number) => `198.51.${Math.floor(i / 250)}.${(i % 250) + 1}`
const botnet = (i: number) => `203.0.${Math.floor(i / 250) + 1}.${(i % 250) + 1}`
const count = (outcomes: Outcome[], code: string) => outcomes.filter((o) => o.code === code).length
const PASSWORD = 'Owner-Passphrase-Long-77'

describe('a spray from one machine rotating X-Forwarded-For', () => {
  it('is throttled at its own address, and the owner still signs in from theirs', async () => {
    const victim = `victim-${Date.now()}@example.test`
    await database.db.user.create({ data: { email: victim, passwordHash: await hashPassword(PASSWORD), emailVerifiedAt: new Date() } })
    // Spray: one common password over many accounts, the victim's among them; then stuffing: leaked pairs.
    const attempts: { email: string; password: string }[] = [
      ...Array.from({ length: 40 }, (_, i) => ({ email: i === 7 ? victim : `user${i}@example.test`, password: 'Summer2026!' })),
      ...Array.from({ length: 30 }, (_, i) => ({ email: i % 10 === 3 ? victim : `leak${i}@example.test`, password: `leaked-${i}` })),
    ]
    const attacker = new Client(ATTACKER)
    const outcomes: Outcome[] = []
    for (const [i, attempt] of attempts.entries()) outcomes.push(await attacker.post('/signin', attempt, rotating(i)))
    // 50 failures per address per 15 minutes: the rest of the 70 are refused without a password check.
    expect(outcomes.slice(0, 50).every((o) => o.code === 'UNAUTHENTICATED')).toBe(true)
    expect(count(outcomes, 'RATE_LIMITED')).toBe(20)
    // The owner, from their own address, is not locked out by what was tried on their account.
    expect((await new Client(OWNER).post('/signin', { email: victim, password: PASSWORD }, '203.0.113.50')).redirect).toBe('/dashboard')
  })
})

describe('a botnet behind the trusted proxy, every attempt from a new address, against a super-admin', () => {
  it('is throttled on sign-in, reset and TOTP, and the owner still signs in, resets and passes TOTP from their own address', async () => {
    const email = `root-${Date.now()}@example.test`
    const { userId } = await createSuperAdmin({ email, password: PASSWORD })
    // The owner enrolled TOTP from their own address a while ago (90 s: the step their code used is long past).
    const { secretBase32 } = await beginTotpEnrollment(userId)
    const app = new TOTP({ secret: Secret.fromBase32(secretBase32), algorithm: 'SHA1', digits: 6, period: 30 })
    const enrolledAt = new Date(Date.now() - 90_000)
    await confirmTotpEnrollment(userId, app.generate({ timestamp: enrolledAt.getTime() }), { ip: OWNER }, { now: enrolledAt })
    // …and signs in from there (the sign-in answers /mfa first for a super-admin).
    expect((await new Client(OWNER).post('/signin', { email, password: PASSWORD })).redirect).toBe('/mfa')

    const bot = new Client(PROXY)
    // The password is among the leaked pairs: the bot gets in with it and guesses TOTP codes from 40 addresses.
    expect((await bot.post('/signin', { email, password: PASSWORD }, botnet(200))).redirect).toBe('/mfa')
    const current = new Set([-1, 0, 1, 2].map((d) => app.generate({ timestamp: Date.now() + d * 30_000 })))
    const guesses = Array.from({ length: 60 }, (_, i) => String(100000 + i * 7919)).filter((c) => !current.has(c))
    const totp: Outcome[] = []
    for (let i = 0; i < 40; i++) totp.push(await bot.post('/mfa', { code: guesses[i]! }, botnet(300 + i)))
    expect(count(totp, 'VALIDATION')).toBe(20) // wrong codes
    expect(count(totp, 'RATE_LIMITED')).toBe(20) // the user's ceiling for addresses that never passed TOTP

    // Credential stuffing goes on: 120 leaked passwords from 60 addresses, two each (under the per-address limits).
    const stuffing: Outcome[] = []
    for (let i = 0; i < 120; i++) stuffing.push(await bot.post('/signin', { email, password: `Leaked-Pair-${i}-x` }, botnet(i >> 1)))
    expect(count(stuffing, 'UNAUTHENTICATED')).toBe(100)
    expect(count(stuffing, 'RATE_LIMITED')).toBe(20) // the account's ceiling for addresses it never signed in at

    // Reset requests for the owner's address from 30 addresses: all answered alike; 5 emails sent, then none.
    const resets: Outcome[] = []
    for (let i = 0; i < 30; i++) resets.push(await bot.post('/forgot-password', { email }, botnet(100 + i)))
    expect(count(resets, 'ok')).toBe(30)
    const resetEmails = () =>
      database.jobs.sent.filter((e) => (e.data as { to?: string; template?: string }).template === 'password-reset').length
    expect(resetEmails()).toBe(5)

    // The owner, from their own address: signs in, asks for a reset (answered, a live link in the mailbox), passes TOTP.
    const owner = new Client(OWNER)
    expect((await owner.post('/signin', { email, password: PASSWORD })).redirect).toBe('/mfa')
    expect((await owner.post('/forgot-password', { email })).code).toBe('ok')
    expect(resetEmails()).toBe(5) // nothing new: the links of this window are in the mailbox
    const liveLinks = await database.db.authToken.count({
      where: { userId, purpose: 'PASSWORD_RESET', usedAt: null, expiresAt: { gt: new Date() } },
    })
    expect(liveLinks).toBeGreaterThan(0)
    expect((await owner.post('/mfa', { code: app.generate() })).redirect).toBe('/admin')
  }, 180_000)
})
