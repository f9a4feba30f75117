'use client'

// Sign-up, step 3, on its server action: the plans are real radio inputs named planId (chosen and
// highlighted without JavaScript too); the action refuses a submission without a plan.
import Link from 'next/link'
import { useState } from 'react'
import { Alert } from '@/components/ui/alert'
import { ActionForm, SubmitButton, useActionResult } from '@/components/ui/action-form'
import { savePlanStepAction } from '@/app/_actions/onboarding/save-plan-step'
import { CHOICE_CARD } from './choice-card'
import { useSavedWizardState } from './use-saved-state'

export interface PlanChoice {
  id: string
  name: string
  price: string
  note: string
  features: string[]
}

export function PlanForm({ plans, initial }: { plans: PlanChoice[]; initial?: string }) {
  return (
    <ActionForm action={savePlanStepAction} aria-label="Choose a plan" className="space-y-4">
      <PlanFields plans={plans} initial={initial} />
    </ActionForm>
  )
}

function PlanFields({ plans, initial }: { plans: PlanChoice[]; initial?: string }) {
  const result = useActionResult()
  const [planId, setPlanId] = useState((result && !result.ok ? result.values?.planId : undefined) ?? initial ?? '')
  useSavedWizardState((saved) => {
    if (saved.planId && !planId) setPlanId(saved.planId)
  })
  const error = result && !result.ok ? (result.fieldErrors?.planId?.join(' ') ?? null) : null
  return (
    <>
      {/* The refusal's message is on planId, which has no field of its own to show it. */}
      {error && <Alert tone="error">{error}</Alert>}
      <fieldset className="space-y-3">
        <legend className="sr-only">Plan</legend>
        {plans.map((plan) => (
          <label key={plan.id} className={CHOICE_CARD}>
            <input
              type="radio"
              name="planId"
              value={plan.id}
              checked={planId === plan.id}
              onChange={() => setPlanId(plan.id)}
              className="sr-only"
            />
            <span className="flex items-baseline justify-between">
              <span className="font-semibold">{plan.name}</span>
              <span className="text-sm">{plan.price}</span>
            </span>
            <span className="mt-1 block text-xs text-slate-500">{plan.note}</span>
            <span className="mt-2 block text-sm text-slate-700">{plan.features.join(' · ')}</span>
          </label>
        ))}
      </fieldset>
      <div className="flex gap-3">
        <Link href="/signup/organization" className="rounded-md px-4 py-2 text-sm font-semibold ring-1 ring-slate-300">
          Back
        </Link>
        <SubmitButton className="flex-1">Continue</SubmitButton>
      </div>
    </>
  )
}
