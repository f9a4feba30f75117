import type { Metadata } from 'next'
import { getEnv } from '@/lib/env'
import { OAUTH_PROVIDER_NAMES } from '@/lib/auth/oauth/provider'
import { OAUTH_FAILURE_MESSAGES, type OAuthFailure } from '@/lib/auth/oauth/complete-oauth-sign-in'
import { Alert } from '@/components/ui/alert'
import { OAuthButtons } from '@/components/auth/oauth-buttons'
import { SignInForm } from '@/components/auth/sign-in-form'

export const metadata: Metadata = { title: 'Sign in' }
export const dynamic = 'force-dynamic'

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string; oauth_error?: string }> }) {
  const { next, oauth_error: oauthError } = await searchParams
  const failure =
    typeof oauthError === 'string' && Object.hasOwn(OAUTH_FAILURE_MESSAGES, oauthError)
      ? OAUTH_FAILURE_MESSAGES[oauthError as OAuthFailure]
      : null
  const providers = getEnv().oauthProviders.map((id) => ({ id, name: OAUTH_PROVIDER_NAMES[id] }))
  return (
    <>
      <h1 className="mb-6 text-2xl font-semibold">Sign in</h1>
      {failure && (
        <div className="mb-4">
          <Alert tone="error">{failure}</Alert>
        </div>
      )}
      <OAuthButtons providers={providers} next={typeof next === 'string' ? next : undefined} />
      <SignInForm next={typeof next === 'string' ? next : undefined} />
    </>
  )
}
