// A bounded password spray and credential-stuffing run over a real socket on the loopback, the
// way an attacker runs one: every attempt names a new client address in X-Forwarded-For. The
// server resolves addresses as server/http.ts does (no trusted proxy), in front of the real
// sign-in action: the attacker's attempts all count at its own address (127.0.0.5) and are
// throttled, and the account's owner, from another address (127.0.0.9), still signs in.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { signInAction } from '@/app/_actions/auth/sign-in'
import { signUpAction } from '@/app/_actions/auth/sign-up'
import { trustedProxies } from '@/lib/http/client-address'
import { withRequestScope } from '@/lib/testing/next-request-scope'
import { RouteClient } from '@/lib/testing/route-client'
import { useTestDatabase } from '@/lib/testing/use-test-database'
import { stampRequest } from './client-address'

useTestDatabase()
const PASSWORD = 'Owner-Passphrase-Long-77'
let server: http.Server
let port = 0

beforeAll(async () => {
  const trusted = trustedProxies([])
  server = http.createServer(async (request, response) => {
    stampRequest(request, trusted)
    let body = ''
    for await (const chunk of request) body += chunk
    const headers = new Headers({ origin: `http://127.0.0.1:${port}`, host: `127.0.0.1:${port}` })
    for (const [name, value] of Object.entries(request.headers)) if (typeof value === 'string') headers.set(name, value)
    const form = new FormData()
    for (const [key, value] of new URLSearchParams(body)) form.append(key, value)
    let outcome: { code?: string; redirect?: string }
    try {
      const result = await withRequestScope({ headers, cookies: new Map(), written: [], refreshed: false }, () => signInAction(null, form))
      outcome = { code: result.ok ? 'ok' : result.code }
    } catch (error) {
      const digest = String((error as { digest?: unknown }).digest ?? '')
      if (!digest.startsWith('NEXT_REDIRECT')) throw error
      outcome = { redirect: digest.split(';')[2] }
    }
    response.end(JSON.stringify(outcome))
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  port = (server.address() as AddressInfo).port
})
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())))

/** One sign-in post from the loopback address `from`, claiming `claimed` in X-Forwarded-For. */
function signIn(from: string, claimed: string, email: string, password: string): Promise<{ code?: string; redirect?: string }> {
  const body = new URLSearchParams({ email, password }).toString()
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port,
        localAddress: from,
        method: 'POST',
        path: '/signin',
        headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': claimed },
      },
      async (response) => {
        let text = ''
        for await (const chunk of response) text += chunk
        resolve(JSON.parse(text))
      },
    )
    request.on('error', reject)
    request.end(body)
  })
}

const rotating = (i: number) => `198.51.${Math.floor(i / 250)}.${(i % 250) + 1}`

describe('a spray from one machine rotating X-Forwarded-For', () => {
  it('is throttled at its own address, and the owner still signs in from theirs', async () => {
    const victim = `victim-${Date.now()}@example.test`
    expect((await new RouteClient().act(signUpAction, { email: victim, password: PASSWORD, name: 'Victim' })).redirect).toBe(
      '/signup/organization',
    )
    // Spray: one common password over many accounts, the victim's among them; then stuffing: leaked pairs.
    const attempts: { email: string; password: string }[] = [
      ...Array.from({ length: 40 }, (_, i) => ({ email: i === 7 ? victim : `user${i}@example.test`, password: 'Summer2026!' })),
      ...Array.from({ length: 30 }, (_, i) => ({ email: i % 10 === 3 ? victim : `leak${i}@example.test`, password: `leaked-${i}` })),
    ]
    const codes: string[] = []
    for (const [i, attempt] of attempts.entries())
      codes.push((await signIn('127.0.0.5', rotating(i), attempt.email, attempt.password)).code!)
    const limited = codes.filter((c) => c === 'RATE_LIMITED').length
    // 50 failures per address per 15 minutes: the rest of the 70 are refused without a password check.
    expect(codes.slice(0, 50).every((c) => c === 'UNAUTHENTICATED')).toBe(true)
    expect(limited).toBe(20)
    // The owner, from their own address, is not locked out by what was tried on their account.
    expect(await signIn('127.0.0.9', '203.0.113.50', victim, PASSWORD)).toEqual({ redirect: '/dashboard' })
  })
})
