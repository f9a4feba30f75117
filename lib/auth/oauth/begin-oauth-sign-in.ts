/**
 * The first leg of an OAuth sign-in: a random `state` and PKCE verifier, sealed (AES-256-GCM,
 * key from AUTH_SECRET) into a short-lived cookie bound to this browser, and the provider's
 * authorization URL carrying the state and the verifier's S256 challenge. The callback accepts
 * only a state that matches this cookie (complete-oauth-sign-in.ts).
 */
import crypto from 'node:crypto'
import { getEnv } from '../../env'
import { AppError } from '../../errors/app-error'
import { seal } from '../../security/seal'
import { findOAuthProvider } from './configured'

export const OAUTH_STATE_COOKIE = 'tenancy.oauth'
export const OAUTH_STATE_TTL_SECONDS = 10 * 60
export const OAUTH_STATE_PURPOSE = 'oauth-state'
export const OAUTH_UNAVAILABLE_MESSAGE = 'This sign-in method is not available'

/** The state cookie's attributes, for setting it and for clearing it (a deletion must name the same path and Secure). */
export function oauthStateCookieAttributes() {
  return { httpOnly: true, sameSite: 'lax' as const, secure: getEnv().isHttps, path: '/api/auth/oauth' }
}

/** What the sealed cookie holds. */
export interface OAuthState {
  provider: string
  state: string
  codeVerifier: string
  /** Where to go after signing in (a same-site path, checked by the caller). */
  next: string
  expiresAt: number
}

export function oauthRedirectUri(providerId: string): string {
  return `${getEnv().appUrl}/api/auth/oauth/${providerId}/callback`
}

export function beginOAuthSignIn(
  input: { providerId: string; next: string },
  options: { now?: Date } = {},
): { redirectUrl: string; stateCookie: string } {
  const provider = findOAuthProvider(input.providerId)
  if (!provider) throw new AppError('NOT_FOUND', OAUTH_UNAVAILABLE_MESSAGE)
  const now = (options.now ?? new Date()).getTime()
  const state = crypto.randomBytes(32).toString('base64url')
  const codeVerifier = crypto.randomBytes(32).toString('base64url')
  const codeChallenge = crypto.createHash('sha256').update(codeVerifier).digest('base64url')
  const sealed: OAuthState = {
    provider: provider.id,
    state,
    codeVerifier,
    next: input.next,
    expiresAt: now + OAUTH_STATE_TTL_SECONDS * 1000,
  }
  return {
    redirectUrl: provider.authorizationUrl({ redirectUri: oauthRedirectUri(provider.id), state, codeChallenge }),
    stateCookie: seal(JSON.stringify(sealed), OAUTH_STATE_PURPOSE),
  }
}
