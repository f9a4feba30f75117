import type { Metadata } from 'next'
import { redirect } from 'next/navigation'
import { requireUserPage } from '@/app/_server/page-scope'
import { readWizardState } from '@/app/_server/wizard'
import { appOffers } from '@/lib/apps/offers'
import { wizardSteps } from '@/lib/onboarding/wizard'
import { AppForm } from '@/components/signup/app-form'
import { WizardSteps } from '@/components/signup/steps'

export const metadata: Metadata = { title: 'Choose an app' }
export const dynamic = 'force-dynamic'

export default async function AppStep() {
  const user = await requireUserPage('/signup/app')
  const steps = wizardSteps()
  // One app sold: nothing to choose.
  if (!steps.includes('app')) redirect('/signup/organization')
  const state = await readWizardState(user.id)
  const apps = appOffers().map((o) => ({ id: o.id, name: o.name, description: o.description, priceNote: o.priceNote }))
  return (
    <>
      <WizardSteps current="app" steps={steps} />
      <h1 className="mb-6 text-2xl font-semibold">Choose an app</h1>
      <AppForm apps={apps} initial={state.appId} />
    </>
  )
}
