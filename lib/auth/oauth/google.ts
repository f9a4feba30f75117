/**
 * Google as an OAuth provider (OpenID Connect's code flow with PKCE). The profile comes from the
 * userinfo endpoint, called with the access token over TLS: its `email_verified` decides whether
 * the address counts as verified.
 */
import { fetchJson, requestAccessToken } from './http'
import { OAuthProviderError, type OAuthProfile, type OAuthProvider } from './provider'

interface GoogleConfig {
  clientId: string
  clientSecret: string
  authorizationUrl: string
  tokenUrl: string
  userinfoUrl: string
}

export function googleProvider(config: GoogleConfig): OAuthProvider {
  return {
    id: 'google',
    name: 'Google',
    authorizationUrl({ redirectUri, state, codeChallenge }) {
      const url = new URL(config.authorizationUrl)
      url.search = new URLSearchParams({
        client_id: config.clientId,
        redirect_uri: redirectUri,
        response_type: 'code',
        scope: 'openid email profile',
        state,
        code_challenge: codeChallenge,
        code_challenge_method: 'S256',
        prompt: 'select_account',
      }).toString()
      return url.toString()
    },
    exchangeCode({ code, redirectUri, codeVerifier }) {
      return requestAccessToken(config.tokenUrl, {
        grant_type: 'authorization_code',
        client_id: config.clientId,
        client_secret: config.clientSecret,
        code,
        redirect_uri: redirectUri,
        code_verifier: codeVerifier,
      })
    },
    async fetchProfile(token): Promise<OAuthProfile> {
      const info = (await fetchJson(config.userinfoUrl, { headers: { authorization: `Bearer ${token}`, accept: 'application/json' } })) as {
        sub?: unknown
        email?: unknown
        email_verified?: unknown
        name?: unknown
      }
      if (typeof info.sub !== 'string' || !info.sub) throw new OAuthProviderError('Google answered an unexpected profile')
      const email = typeof info.email === 'string' ? info.email.trim().toLowerCase() : null
      return {
        providerAccountId: info.sub,
        email,
        // Google sends a boolean; some OIDC servers send the string "true".
        isEmailVerified: Boolean(email) && (info.email_verified === true || info.email_verified === 'true'),
        name: typeof info.name === 'string' && info.name.trim() ? info.name.trim() : null,
      }
    },
  }
}
