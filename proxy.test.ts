// proxy.ts called as Next calls it: the CSP with a fresh nonce on the answer and on the request (where
// Next reads the nonce for its own scripts), whatever the client sent; HSTS by the configured public
// URL only; no-store by default.
import { NextRequest } from 'next/server'
import { afterEach, describe, expect, it } from 'vitest'
import { resetEnvCache } from '@/lib/env'
import { proxy } from './proxy'

const VARIABLES = ['APP_URL', 'STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET', 'STRIPE_API_BASE'] as const
const saved = Object.fromEntries(VARIABLES.map((name) => [name, process.env[name]]))

function configure(values: Partial<Record<(typeof VARIABLES)[number], string>>) {
  for (const name of VARIABLES) delete process.env[name]
  Object.assign(process.env, values)
  resetEnvCache()
}

afterEach(() => {
  for (const name of VARIABLES) {
    if (saved[name] === undefined) delete process.env[name]
    else process.env[name] = saved[name]
  }
  resetEnvCache()
})

const nonceOf = (policy: string | null) => /'nonce-([^']+)'/.exec(policy ?? '')?.[1]

/** The request headers the proxy hands on to Next (NextResponse.next({ request: { headers } })). */
const forwarded = (response: Response, name: string) => response.headers.get(`x-middleware-request-${name}`)

describe('proxy', () => {
  it("puts a fresh nonce in the answer's CSP and in the request's, replacing a CSP or nonce the client sent", () => {
    configure({ APP_URL: 'http://127.0.0.1:3000' })
    const forged = "script-src 'nonce-AAAAAAAAAAAAAAAAAAAAAA=='"
    const request = () =>
      new NextRequest('http://127.0.0.1:3000/signin', {
        headers: { 'content-security-policy': forged, 'x-nonce': 'AAAAAAAAAAAAAAAAAAAAAA==' },
      })
    const first = proxy(request())
    const second = proxy(request())
    const policy = first.headers.get('content-security-policy')
    const nonce = nonceOf(policy)
    expect(nonce).toBeTruthy()
    expect(nonceOf(second.headers.get('content-security-policy'))).not.toBe(nonce)
    expect(forwarded(first, 'content-security-policy')).toBe(policy)
    expect(forwarded(first, 'x-nonce')).toBe(nonce)
    expect(policy).toContain("frame-ancestors 'none'")
    expect(policy).toContain(`script-src 'self' 'nonce-${nonce}' 'strict-dynamic'`)
    expect(first.headers.get('x-content-type-options')).toBe('nosniff')
    expect(first.headers.get('x-frame-options')).toBe('DENY')
    expect(first.headers.get('referrer-policy')).toBe('strict-origin-when-cross-origin')
    expect(first.headers.get('cache-control')).toBe('no-store')
    expect(first.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/)
  })

  it('sends HSTS when the configured public URL is https, and never because a client says it came over https', () => {
    configure({ APP_URL: 'http://tenancy.example.com' })
    const spoofed = new NextRequest('https://tenancy.example.com/dashboard', {
      headers: { 'x-forwarded-proto': 'https', forwarded: 'proto=https' },
    })
    expect(proxy(spoofed).headers.get('strict-transport-security')).toBeNull()
    configure({ APP_URL: 'https://tenancy.example.com' })
    const response = proxy(new NextRequest('http://127.0.0.1:3000/dashboard'))
    expect(response.headers.get('strict-transport-security')).toBe('max-age=63072000; includeSubDomains')
    expect(response.headers.get('content-security-policy')).toContain('upgrade-insecure-requests')
  })

  it("lets the page forms reach the configured Stripe Checkout, and keeps the license keys' own caching", () => {
    configure({ STRIPE_SECRET_KEY: 'sk_test_1', STRIPE_WEBHOOK_SECRET: 'whsec_1', STRIPE_API_BASE: 'http://127.0.0.1:3111' })
    const policy = proxy(new NextRequest('http://127.0.0.1:3000/acme/billing')).headers.get('content-security-policy')
    expect(policy).toContain("form-action 'self' https://checkout.stripe.com https://billing.stripe.com http://127.0.0.1:3111;")
    const jwks = proxy(new NextRequest('http://127.0.0.1:3000/.well-known/jwks.json'))
    expect(jwks.headers.get('cache-control')).toBeNull()
    expect(jwks.headers.get('content-security-policy')).toContain("frame-ancestors 'none'")
    expect(proxy(new NextRequest('http://127.0.0.1:3000/api/orgs/acme/instance/manifests')).headers.get('cache-control')).toBe('no-store')
  })
  it('answers 404 to a path with a NUL (an organization page or any other), with the security headers', () => {
    configure({ APP_URL: 'http://127.0.0.1:3000' })
    for (const path of ['/acme%00/settings', '/%00', '/api/orgs/acme%00/slug', '/admin/tenants/x%00y']) {
      const response = proxy(new NextRequest(`http://127.0.0.1:3000${path}`))
      expect(response.status, path).toBe(404)
      expect(response.headers.get('content-security-policy'), path).toContain("frame-ancestors 'none'")
    }
    expect(proxy(new NextRequest('http://127.0.0.1:3000/acme/settings')).status).toBe(200)
  })
})
