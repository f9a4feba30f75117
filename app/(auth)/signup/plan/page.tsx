import type { Metadata } from 'next'
import { redirect } from 'next/navigation'
import { requireUserPage } from '@/app/_server/page-scope'
import { readWizardState } from '@/app/_server/wizard'
import { getCatalog, formatPrice } from '@/lib/plans/catalog'
import { isSelfServe } from '@/lib/billing/start-subscription'
import { PlanForm } from '@/components/signup/plan-form'
import { WizardSteps } from '@/components/signup/steps'

export const metadata: Metadata = { title: 'Choose a plan' }
export const dynamic = 'force-dynamic'

export default async function PlanStep() {
  const user = await requireUserPage('/signup/plan')
  const state = await readWizardState(user.id)
  if (!state.name || !state.slug) redirect('/signup/organization')
  const plans = getCatalog()
    .filter(isSelfServe)
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
      <WizardSteps current="plan" />
      <h1 className="mb-6 text-2xl font-semibold">Choose a plan</h1>
      <PlanForm plans={plans} initial={state.planId} />
      <p className="mt-4 text-xs text-slate-500">Enterprise plans are set up with our team: contact sales.</p>
    </>
  )
}
