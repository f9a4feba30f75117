/**
 * The OAuth port: what the sign-in flow needs from an identity provider (an authorization URL,
 * the code exchanged for an access token, the profile with its verified email). GitHub and
 * Google implement it over HTTP (github.ts, google.ts); configured.ts offers a provider only when
 * its client id and secret are configured, with the endpoints of lib/env.ts.
 */
export type OAuthProviderId = 'github' | 'google'

export const OAUTH_PROVIDER_NAMES: Record<OAuthProviderId, string> = { github: 'GitHub', google: 'Google' }

export interface OAuthProfile {
  /** The provider's stable user id (GitHub's numeric id, Google's `sub`). */
  providerAccountId: string
  /** Lower-cased; null when the provider has none. */
  email: string | null
  /** True only when the provider says it verified this address. */
  isEmailVerified: boolean
  name: string | null
}

export interface OAuthProvider {
  id: OAuthProviderId
  name: string
  authorizationUrl(params: { redirectUri: string; state: string; codeChallenge: string }): string
  /** Exchanges the authorization code (PKCE verifier included) for an access token. */
  exchangeCode(params: { code: string; redirectUri: string; codeVerifier: string }): Promise<string>
  fetchProfile(accessToken: string): Promise<OAuthProfile>
}

/** A provider answered something we cannot use (an error, a malformed document, a network failure). */
export class OAuthProviderError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'OAuthProviderError'
  }
}
