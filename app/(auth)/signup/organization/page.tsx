import type { Metadata } from 'next'
import { redirect } from 'next/navigation'
import { requireUserPage } from '@/app/_server/page-scope'
import { readWizardState } from '@/app/_server/wizard'
import { getEnv } from '@/lib/env'
import { OrganizationForm } from '@/components/signup/organization-form'
import { WizardSteps } from '@/components/signup/steps'
import { wizardApp, wizardSteps } from '@/lib/onboarding/wizard'

export const metadata: Metadata = { title: 'Name your organization' }
export const dynamic = 'force-dynamic'

export default async function OrganizationStep() {
  const user = await requireUserPage('/signup/organization')
  const state = await readWizardState(user.id)
  // Several apps sold: which one comes first.
  if (!wizardApp(state)) redirect('/signup/app')
  return (
    <>
      <WizardSteps current="organization" steps={wizardSteps()} />
      <h1 className="mb-2 text-2xl font-semibold">Name your organization</h1>
      <p className="mb-6 text-sm text-slate-600">The address becomes your instance&apos;s web address.</p>
      <OrganizationForm initial={{ name: state.name, slug: state.slug }} baseDomain={getEnv().BASE_DOMAIN} />
    </>
  )
}
