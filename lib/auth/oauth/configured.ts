// The OAuth providers of this deployment: those whose client id and secret are configured.
import { getEnv } from '../../env'
import { githubProvider } from './github'
import { googleProvider } from './google'
import type { OAuthProvider } from './provider'

/** The providers configured in this deployment, in the order the buttons show. */
export function configuredOAuthProviders(): OAuthProvider[] {
  const env = getEnv()
  return env.oauthProviders.map((id) =>
    id === 'github'
      ? githubProvider({
          clientId: env.GITHUB_ID!,
          clientSecret: env.GITHUB_SECRET!,
          oauthUrl: env.GITHUB_OAUTH_URL,
          apiUrl: env.GITHUB_API_URL,
        })
      : googleProvider({
          clientId: env.GOOGLE_ID!,
          clientSecret: env.GOOGLE_SECRET!,
          authorizationUrl: env.GOOGLE_AUTHORIZATION_URL,
          tokenUrl: env.GOOGLE_TOKEN_URL,
          userinfoUrl: env.GOOGLE_USERINFO_URL,
        }),
  )
}

export function findOAuthProvider(id: string): OAuthProvider | undefined {
  return configuredOAuthProviders().find((provider) => provider.id === id)
}
