import type { Metadata } from 'next'
import { redirect } from 'next/navigation'
import { requireUserPage } from '@/app/_server/page-scope'
import { readWizardState } from '@/app/_server/wizard'
import { getCatalog, formatPrice } from '@/lib/plans/catalog'
import { isSelfServe } from '@/lib/billing/start-subscription'
import { wizardApp, wizardSteps } from '@/lib/onboarding/wizard'
import { PlanForm } from '@/components/signup/plan-form'
import { WizardSteps } from '@/components/signup/steps'

export const metadata: Metadata = { title: 'Choose a plan' }
export const dynamic = 'force-dynamic'

export default async function PlanStep() {
  const user = await requireUserPage('/signup/plan')
  const state = await readWizardState(user.id)
  const app = wizardApp(state)
  if (!app) redirect('/signup/app')
  if (!state.name || !state.slug) redirect('/signup/organization')
  const plans = getCatalog()
    .filter((p) => p.app === app.id && isSelfServe(p))
    .map((p) => ({
      id: p.id,
      name: p.name,
      price: p.priceCents ? `${formatPrice(p)} / month` : 'Free',
      note:
        p.trialDays && p.requiresPayment
          ? `${p.trialDays}-day free trial`
          : p.expiresAfterDays
            ? `Expires after ${p.expiresAfterDays} days`
            : 'Free forever',
      features: p.features,
    }))
  return (
    <>
      <WizardSteps current="plan" steps={wizardSteps()} />
      <h1 className="mb-6 text-2xl font-semibold">Choose a plan{wizardSteps().includes('app') ? ` for ${app.name}` : ''}</h1>
      <PlanForm plans={plans} initial={state.planId} />
      <p className="mt-4 text-xs text-slate-500">Enterprise plans are set up with our team: contact sales.</p>
    </>
  )
}
