import type { Metadata } from 'next'
import Link from 'next/link'
import { redirect } from 'next/navigation'
import { requireUserPage } from '@/app/_server/page-scope'
import { readWizardState } from '@/app/_server/wizard'
import { getEnv } from '@/lib/env'
import { findPlan, formatPrice } from '@/lib/plans/catalog'
import { nextIncompleteStep, wizardApp, wizardSteps } from '@/lib/onboarding/wizard'
import { StartButton } from '@/components/signup/start-button'
import { VerifyEmailNotice } from '@/components/signup/verify-email-notice'
import { WizardSteps } from '@/components/signup/steps'

export const metadata: Metadata = { title: 'Start your instance' }
export const dynamic = 'force-dynamic'

export default async function ReviewStep() {
  const user = await requireUserPage('/signup/review')
  const state = await readWizardState(user.id)
  const next = nextIncompleteStep(state)
  if (next !== 'review') redirect(`/signup/${next}`)
  const plan = findPlan(state.planId!)!
  const app = wizardApp(state)!
  const steps = wizardSteps()
  return (
    <>
      <WizardSteps current="review" steps={steps} />
      <h1 className="mb-6 text-2xl font-semibold">Start your instance</h1>
      <dl className="mb-6 space-y-3 text-sm">
        <div>
          <dt className="text-slate-500">Organization</dt>
          <dd className="font-medium">{state.name}</dd>
        </div>
        <div>
          <dt className="text-slate-500">Instance address</dt>
          <dd data-testid="instance-address" className="font-mono font-medium">
            https://{state.slug}.{getEnv().BASE_DOMAIN}
          </dd>
        </div>
        {steps.includes('app') && (
          <div>
            <dt className="text-slate-500">App</dt>
            <dd className="font-medium">{app.name}</dd>
          </div>
        )}
        <div>
          <dt className="text-slate-500">Plan</dt>
          <dd className="font-medium">
            {plan.name} —{' '}
            {plan.priceCents
              ? `${formatPrice(plan)} / month after a ${plan.trialDays}-day trial`
              : plan.expiresAfterDays
                ? `free for ${plan.expiresAfterDays} days`
                : 'free'}
          </dd>
        </div>
      </dl>
      {!user.isEmailVerified && <VerifyEmailNotice email={user.email} />}
      <StartButton
        label={
          plan.requiresPayment ? (getEnv().billingMode === 'stripe' ? 'Continue to payment' : 'Start the free trial') : 'Create my instance'
        }
      />
      <Link href="/signup/plan" className="mt-4 inline-block text-sm text-brand-600 hover:underline">
        Back
      </Link>
    </>
  )
}
