import { describe, expect, it } from 'vitest'
import { parseEnv } from '../env'
import {
  HSTS_VALUE,
  contentSecurityPolicy,
  createNonce,
  isCacheablePublicPath,
  policyOptionsFromEnv,
  responseSecurityHeaders,
  type PolicyOptions,
} from './security-headers'

/** A production AUTH_SECRET that is not a placeholder (parseEnv refuses those). */
const PRODUCTION_SECRET = 'k7Qw2pZr9LmX4vB8nT1yC6hJ3sD5fG0aE'

const production: PolicyOptions = { isDevelopment: false, isHttps: false, formActionOrigins: [] }

/** `script-src 'self' 'nonce-…'` → { 'script-src': ["'self'", "'nonce-…'"] }: each directive appears once. */
function directives(policy: string): Record<string, string[]> {
  const out: Record<string, string[]> = {}
  for (const part of policy.split(';').map((p) => p.trim())) {
    const [name, ...values] = part.split(/\s+/)
    expect(out, `${name} appears once`).not.toHaveProperty(name!)
    out[name!] = values
  }
  return out
}

describe('createNonce', () => {
  it('is 128 random bits in base64, new every time', () => {
    const nonces = Array.from({ length: 200 }, createNonce)
    expect(new Set(nonces).size).toBe(200)
    for (const nonce of nonces) expect(Buffer.from(nonce, 'base64')).toHaveLength(16)
  })
})

describe('contentSecurityPolicy', () => {
  it('allows scripts by this nonce only (strict-dynamic), and no inline script, object, base or framing', () => {
    const nonce = createNonce()
    const d = directives(contentSecurityPolicy(nonce, production))
    expect(d['default-src']).toEqual(["'self'"])
    expect(d['script-src']).toEqual(["'self'", `'nonce-${nonce}'`, "'strict-dynamic'"])
    expect(d['style-src']).toEqual(["'self'", `'nonce-${nonce}'`])
    expect(d['object-src']).toEqual(["'none'"])
    expect(d['base-uri']).toEqual(["'self'"])
    expect(d['frame-ancestors']).toEqual(["'none'"])
    expect(d['form-action']).toEqual(["'self'"])
    expect(d['img-src']).toEqual(["'self'", 'data:'])
    expect(d['connect-src']).toEqual(["'self'"])
    expect(d['font-src']).toEqual(["'self'"])
    expect(d).not.toHaveProperty('upgrade-insecure-requests')
  })

  it("gives `next dev` the eval React's dev tooling needs, and production never", () => {
    const nonce = createNonce()
    expect(directives(contentSecurityPolicy(nonce, { ...production, isDevelopment: true }))['script-src']).toContain("'unsafe-eval'")
    expect(contentSecurityPolicy(nonce, production)).not.toContain('unsafe-eval')
    for (const isDevelopment of [true, false])
      expect(directives(contentSecurityPolicy(nonce, { ...production, isDevelopment }))['script-src']).not.toContain("'unsafe-inline'")
  })

  it('upgrades subresources when the app is served over https', () => {
    expect(directives(contentSecurityPolicy(createNonce(), { ...production, isHttps: true }))).toHaveProperty('upgrade-insecure-requests')
  })

  it('refuses a nonce or an origin that could change the policy', () => {
    expect(() => contentSecurityPolicy("abc'; script-src *", production)).toThrow(/nonce/)
    expect(() => contentSecurityPolicy('', production)).toThrow(/nonce/)
    expect(() => contentSecurityPolicy(createNonce(), { ...production, formActionOrigins: ['https://x.test; script-src *'] })).toThrow(
      /not an origin/,
    )
  })
})

describe('policyOptionsFromEnv', () => {
  it('lets page forms reach Stripe Checkout and the Customer Portal when billing is stripe, and nothing else', () => {
    const none = policyOptionsFromEnv(
      parseEnv({ NODE_ENV: 'production', APP_URL: 'https://tenancy.example.com', AUTH_SECRET: PRODUCTION_SECRET }),
    )
    expect(none.formActionOrigins).toEqual([])
    const stripe = policyOptionsFromEnv(parseEnv({ STRIPE_SECRET_KEY: 'sk_test_1', STRIPE_WEBHOOK_SECRET: 'whsec_1' }))
    expect(stripe.formActionOrigins).toEqual(['https://checkout.stripe.com', 'https://billing.stripe.com'])
    // OAuth sign-in starts from a link (components/auth/oauth-buttons.tsx), not a form: its providers need no form-action.
    const oauth = policyOptionsFromEnv(parseEnv({ GITHUB_ID: 'id', GITHUB_SECRET: 'secret', GOOGLE_ID: 'id', GOOGLE_SECRET: 'secret' }))
    expect(oauth.formActionOrigins).toEqual([])
  })

  it("adds a Stripe stand-in's own origin (STRIPE_API_BASE hosts its Checkout pages)", () => {
    const env = parseEnv({ STRIPE_SECRET_KEY: 'sk_test_1', STRIPE_WEBHOOK_SECRET: 'w', STRIPE_API_BASE: 'http://127.0.0.1:3111/v1/' })
    expect(policyOptionsFromEnv(env).formActionOrigins).toEqual([
      'https://checkout.stripe.com',
      'https://billing.stripe.com',
      'http://127.0.0.1:3111',
    ])
    const d = directives(contentSecurityPolicy(createNonce(), policyOptionsFromEnv(env)))
    expect(d['form-action']).toEqual(["'self'", 'https://checkout.stripe.com', 'https://billing.stripe.com', 'http://127.0.0.1:3111'])
  })

  it('is https only when the configured public URL is, and development only outside NODE_ENV=production', () => {
    expect(policyOptionsFromEnv(parseEnv({ APP_URL: 'https://tenancy.example.com' })).isHttps).toBe(true)
    expect(policyOptionsFromEnv(parseEnv({ APP_URL: 'http://tenancy.example.com' })).isHttps).toBe(false)
    expect(policyOptionsFromEnv(parseEnv({})).isHttps).toBe(false)
    expect(policyOptionsFromEnv(parseEnv({ NODE_ENV: 'development' })).isDevelopment).toBe(true)
    const prod = parseEnv({ NODE_ENV: 'production', APP_URL: 'https://tenancy.example.com', AUTH_SECRET: PRODUCTION_SECRET })
    expect(policyOptionsFromEnv(prod).isDevelopment).toBe(false)
  })
})

describe('responseSecurityHeaders', () => {
  it('sends HSTS over https only, and the fixed headers always', () => {
    const http = responseSecurityHeaders(createNonce(), production, '/signin')
    expect(http).not.toHaveProperty('Strict-Transport-Security')
    expect(http).toMatchObject({
      'X-Content-Type-Options': 'nosniff',
      'X-Frame-Options': 'DENY',
      'Referrer-Policy': 'strict-origin-when-cross-origin',
    })
    expect(responseSecurityHeaders(createNonce(), { ...production, isHttps: true }, '/signin')['Strict-Transport-Security']).toBe(
      HSTS_VALUE,
    )
    expect(HSTS_VALUE).toBe('max-age=63072000; includeSubDomains')
  })

  it('answers no-store on every page and route but the public cacheable ones (license keys, root icons)', () => {
    for (const path of [
      '/',
      '/signin',
      '/acme/settings',
      '/api/orgs/acme/instance/manifests',
      '/api/admin/audit/export',
      '/admin/mailbox/m1',
    ])
      expect(responseSecurityHeaders(createNonce(), production, path)['Cache-Control'], path).toBe('no-store')
    for (const path of ['/.well-known/jwks.json', '/icon.svg', '/apple-icon.png', '/favicon.ico']) {
      expect(isCacheablePublicPath(path), path).toBe(true)
      expect(responseSecurityHeaders(createNonce(), production, path), path).not.toHaveProperty('Cache-Control')
    }
    for (const path of ['/.well-known/jwks.json/x', '/acme/icon.svg', '/icon.svg.php', '/api/icon.png'])
      expect(isCacheablePublicPath(path), path).toBe(false)
  })
})
