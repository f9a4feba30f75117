/**
 * GitHub (github.com, or GitHub Enterprise Server through GITHUB_OAUTH_URL / GITHUB_API_URL) as an
 * OAuth provider. The email is taken from /user/emails and only when GitHub marks it verified
 * (the primary one first): /user's public `email` says nothing about verification.
 */
import { fetchJson, requestAccessToken } from './http'
import { OAuthProviderError, type OAuthProfile, type OAuthProvider } from './provider'

interface GithubConfig {
  clientId: string
  clientSecret: string
  /** Where /login/oauth/authorize and /login/oauth/access_token live. */
  oauthUrl: string
  /** The REST API (/user, /user/emails). */
  apiUrl: string
}

export function githubProvider(config: GithubConfig): OAuthProvider {
  const api = (path: string, token: string) =>
    fetchJson(`${config.apiUrl}${path}`, {
      headers: {
        authorization: `Bearer ${token}`,
        accept: 'application/vnd.github+json',
        'user-agent': 'tenancy',
        'x-github-api-version': '2022-11-28',
      },
    })
  return {
    id: 'github',
    name: 'GitHub',
    authorizationUrl({ redirectUri, state, codeChallenge }) {
      const url = new URL(`${config.oauthUrl}/login/oauth/authorize`)
      url.search = new URLSearchParams({
        client_id: config.clientId,
        redirect_uri: redirectUri,
        scope: 'read:user user:email',
        state,
        code_challenge: codeChallenge,
        code_challenge_method: 'S256',
        allow_signup: 'true',
      }).toString()
      return url.toString()
    },
    exchangeCode({ code, redirectUri, codeVerifier }) {
      return requestAccessToken(`${config.oauthUrl}/login/oauth/access_token`, {
        client_id: config.clientId,
        client_secret: config.clientSecret,
        code,
        redirect_uri: redirectUri,
        code_verifier: codeVerifier,
      })
    },
    async fetchProfile(token): Promise<OAuthProfile> {
      const [user, emails] = await Promise.all([api('/user', token), api('/user/emails', token)])
      const { id, login, name } = user as { id?: unknown; login?: unknown; name?: unknown }
      if ((typeof id !== 'number' && typeof id !== 'string') || !Array.isArray(emails))
        throw new OAuthProviderError('GitHub answered an unexpected profile')
      const verified = (emails as { email?: unknown; primary?: unknown; verified?: unknown }[]).filter(
        (e) => e.verified === true && typeof e.email === 'string',
      )
      const chosen = verified.find((e) => e.primary === true) ?? verified[0]
      return {
        providerAccountId: String(id),
        email: chosen ? (chosen.email as string).trim().toLowerCase() : null,
        isEmailVerified: Boolean(chosen),
        name: typeof name === 'string' && name.trim() ? name.trim() : typeof login === 'string' ? login : null,
      }
    },
  }
}
