'use client'

import Link from 'next/link'
import { useRouter } from 'next/navigation'
import { useState } from 'react'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { postJson } from '@/components/auth/post-json'
import { useSavedWizardState } from './use-saved-state'

export interface PlanChoice {
  id: string
  name: string
  price: string
  note: string
  features: string[]
}

export function PlanForm({ plans, initial }: { plans: PlanChoice[]; initial?: string }) {
  const router = useRouter()
  const [planId, setPlanId] = useState(initial ?? '')
  const [error, setError] = useState<string | null>(null)
  const [pending, setPending] = useState(false)
  useSavedWizardState((saved) => {
    if (saved.planId && !planId) setPlanId(saved.planId)
  })

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault()
    setPending(true)
    const result = await postJson('/api/signup/plan', { planId })
    setPending(false)
    if (!result.ok) return setError(result.fieldErrors?.planId?.join(' ') ?? result.message)
    router.push('/signup/review')
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {error && <Alert tone="error">{error}</Alert>}
      <fieldset className="space-y-3">
        <legend className="sr-only">Plan</legend>
        {plans.map((plan) => (
          <label
            key={plan.id}
            className={`block cursor-pointer rounded-lg p-4 ring-1 ${planId === plan.id ? 'bg-brand-50 ring-2 ring-brand-500' : 'ring-slate-200'}`}
          >
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
        <Button type="submit" disabled={pending || !planId} className="flex-1">
          Continue
        </Button>
      </div>
    </form>
  )
}
