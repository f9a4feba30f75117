import type { Metadata } from 'next'
import { redirect } from 'next/navigation'
import { currentUser } from '@/app/_server/session'
import { getEnv } from '@/lib/env'
import { OAUTH_PROVIDER_NAMES } from '@/lib/auth/oauth/provider'
import { OAuthButtons } from '@/components/auth/oauth-buttons'
import { AccountForm } from '@/components/signup/account-form'
import { WizardSteps } from '@/components/signup/steps'
import { wizardSteps } from '@/lib/onboarding/wizard'

export const metadata: Metadata = { title: 'Create your account' }
export const dynamic = 'force-dynamic'

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams
  if (await currentUser()) redirect('/signup/organization')
  const providers = getEnv().oauthProviders.map((id) => ({ id, name: OAUTH_PROVIDER_NAMES[id] }))
  return (
    <>
      <WizardSteps current="account" steps={wizardSteps()} />
      <h1 className="mb-6 text-2xl font-semibold">Create your account</h1>
      {/* After a provider's sign-in, the wizard continues with the organization (or the invitation that sent them here). */}
      <OAuthButtons providers={providers} next={typeof next === 'string' ? next : '/signup/organization'} />
      <AccountForm next={typeof next === 'string' ? next : undefined} />
    </>
  )
}
