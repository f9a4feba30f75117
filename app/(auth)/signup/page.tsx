import type { Metadata } from 'next'
import { redirect } from 'next/navigation'
import { currentUser } from '@/app/_server/session'
import { AccountForm } from '@/components/signup/account-form'
import { WizardSteps } from '@/components/signup/steps'

export const metadata: Metadata = { title: 'Create your account' }
export const dynamic = 'force-dynamic'

export default async function SignUpPage({ searchParams }: { searchParams: Promise<{ next?: string }> }) {
  const { next } = await searchParams
  if (await currentUser()) redirect('/signup/organization')
  return (
    <>
      <WizardSteps current="account" />
      <h1 className="mb-6 text-2xl font-semibold">Create your account</h1>
      <AccountForm next={typeof next === 'string' ? next : undefined} />
    </>
  )
}
