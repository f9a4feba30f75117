/**
 * The security headers of every answer, in one place (no I/O): the Content-Security-Policy with a
 * per-request nonce and the headers around it. proxy.ts stamps them on every page and route handler
 * (the nonce also goes on the request, where Next reads it and puts it on its own scripts);
 * next.config.ts puts STATIC_SECURITY_HEADERS on what the proxy does not run for (built assets).
 */
import type { Env } from '../env'

/** The request header Next reads the nonce from is the CSP itself; this one is for our own code (docs: Next's CSP guide). */
export const NONCE_HEADER = 'x-nonce'
export const CSP_HEADER = 'Content-Security-Policy'

/** Two years, with the subdomains: only sent when the app's configured public URL is https. */
export const HSTS_VALUE = 'max-age=63072000; includeSubDomains'

/** Headers that do not depend on the request or the configuration: on every answer, built assets included. */
export const STATIC_SECURITY_HEADERS: readonly { key: string; value: string }[] = [
  { key: 'X-Content-Type-Options', value: 'nosniff' },
  { key: 'X-Frame-Options', value: 'DENY' },
  { key: 'Referrer-Policy', value: 'strict-origin-when-cross-origin' },
  { key: 'Permissions-Policy', value: 'camera=(), microphone=(), geolocation=(), payment=(), usb=()' },
]

/**
 * Where Stripe sends the browser after a page form's server action (Checkout, the Customer Portal):
 * Chrome applies form-action to the redirect that answers a form post, so these must be allowed.
 */
export const STRIPE_FORM_TARGETS = ['https://checkout.stripe.com', 'https://billing.stripe.com'] as const

export interface PolicyOptions {
  /** `next dev`: React's dev tooling needs eval, and the error overlay inline styles. */
  isDevelopment: boolean
  /** The public URL is https: subresources are upgraded and HSTS is sent. */
  isHttps: boolean
  /** Origins besides our own that a page form may post to or be redirected to. */
  formActionOrigins: readonly string[]
}

/** What the policy depends on, from the validated configuration (never from a request header). */
export function policyOptionsFromEnv(env: Pick<Env, 'isProduction' | 'isHttps' | 'billingMode' | 'STRIPE_API_BASE'>): PolicyOptions {
  const formActionOrigins: string[] = []
  if (env.billingMode === 'stripe') {
    formActionOrigins.push(...STRIPE_FORM_TARGETS)
    // A Stripe stand-in (STRIPE_API_BASE, e.g. the browser tests' test server) hosts its Checkout pages itself.
    if (env.STRIPE_API_BASE) formActionOrigins.push(new URL(env.STRIPE_API_BASE).origin)
  }
  return { isDevelopment: !env.isProduction, isHttps: env.isHttps, formActionOrigins: [...new Set(formActionOrigins)] }
}

/** 128 random bits, base64: unguessable and new for each request. */
export function createNonce(): string {
  const bytes = globalThis.crypto.getRandomValues(new Uint8Array(16))
  return btoa(String.fromCharCode(...bytes))
}

const NONCE = /^[A-Za-z0-9+/]{16,}={0,2}$/

/** The policy for one answer. `nonce` must come from createNonce (a value that could break out of the header is refused). */
export function contentSecurityPolicy(nonce: string, options: PolicyOptions): string {
  if (!NONCE.test(nonce)) throw new Error('contentSecurityPolicy: the nonce must be base64 of at least 12 random bytes')
  for (const origin of options.formActionOrigins)
    if (!/^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i.test(origin)) throw new Error(`contentSecurityPolicy: ${origin} is not an origin`)
  const directives: [string, ...string[]][] = [
    ['default-src', "'self'"],
    // 'strict-dynamic': what a nonce'd script loads (Next's chunks) runs; hosts and 'self' are then ignored by CSP3 browsers.
    ['script-src', "'self'", `'nonce-${nonce}'`, "'strict-dynamic'", ...(options.isDevelopment ? ["'unsafe-eval'"] : [])],
    // Stylesheets are files of ours (Tailwind's build); <style> elements only with the nonce (dev: the error overlay's).
    ['style-src', "'self'", ...(options.isDevelopment ? ["'unsafe-inline'"] : [`'nonce-${nonce}'`])],
    // style="" attributes: React's style props (usage bars, recharts' containers) and the dev mailbox's email HTML.
    ['style-src-attr', "'unsafe-inline'"],
    // data: the TOTP enrolment's QR code.
    ['img-src', "'self'", 'data:'],
    ['font-src', "'self'"],
    // Our own routes only (the wizard's slug check, progress polling); Stripe.js is not used.
    ['connect-src', "'self'"],
    ['object-src', "'none'"],
    ['base-uri', "'self'"],
    ['form-action', "'self'", ...options.formActionOrigins],
    ['frame-ancestors', "'none'"],
    ...(options.isHttps ? ([['upgrade-insecure-requests']] as [string][]) : []),
  ]
  return directives.map((d) => d.join(' ')).join('; ')
}

/**
 * Public answers that stay cacheable: the license verification keys (public keys only) and the app's
 * icons at the root (app/icon.svg; app/favicon.ico does not even reach the proxy). Every other page
 * and route handler answers `Cache-Control: no-store`: they are dynamic, and most carry a session's data.
 */
const CACHEABLE_PUBLIC_PATH = /^\/(?:\.well-known\/jwks\.json|(?:apple-)?icon\d*\.(?:ico|png|jpe?g|gif|svg)|favicon\.ico)$/

export function isCacheablePublicPath(pathname: string): boolean {
  return CACHEABLE_PUBLIC_PATH.test(pathname)
}

/**
 * Every header proxy.ts puts on the answer to `pathname` (a page or route handler). The proxy's
 * headers win over the route's own (Next's send-response keeps a header already set), so the
 * Cache-Control of a cacheable public path is left to its route.
 */
export function responseSecurityHeaders(nonce: string, options: PolicyOptions, pathname: string): Record<string, string> {
  return {
    [CSP_HEADER]: contentSecurityPolicy(nonce, options),
    ...Object.fromEntries(STATIC_SECURITY_HEADERS.map((h) => [h.key, h.value])),
    ...(options.isHttps ? { 'Strict-Transport-Security': HSTS_VALUE } : {}),
    ...(isCacheablePublicPath(pathname) ? {} : { 'Cache-Control': 'no-store' }),
  }
}
