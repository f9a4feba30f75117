'use client'

// Sign-up, first step when the company sells several apps, on its server action: the apps are
// real radio inputs named appId (chosen and highlighted without JavaScript too).
import { useState } from 'react'
import { Alert } from '@/components/ui/alert'
import { ActionForm, SubmitButton, useActionResult } from '@/components/ui/action-form'
import { saveAppStepAction } from '@/app/_actions/onboarding/save-app-step'
import { CHOICE_CARD } from './choice-card'

export interface AppChoice {
  id: string
  name: string
  description: string
  /** "from $12 / month", "Free plan available". */
  priceNote: string
}

export function AppForm({ apps, initial }: { apps: AppChoice[]; initial?: string }) {
  return (
    <ActionForm action={saveAppStepAction} aria-label="Choose an app" className="space-y-4">
      <AppFields apps={apps} initial={initial} />
    </ActionForm>
  )
}

function AppFields({ apps, initial }: { apps: AppChoice[]; initial?: string }) {
  const result = useActionResult()
  const [appId, setAppId] = useState((result && !result.ok ? result.values?.appId : undefined) ?? initial ?? '')
  const error = result && !result.ok ? (result.fieldErrors?.appId?.join(' ') ?? null) : null
  return (
    <>
      {error && <Alert tone="error">{error}</Alert>}
      <fieldset className="space-y-3">
        <legend className="sr-only">App</legend>
        {apps.map((app) => (
          <label key={app.id} className={CHOICE_CARD}>
            <input
              type="radio"
              name="appId"
              value={app.id}
              checked={appId === app.id}
              onChange={() => setAppId(app.id)}
              className="sr-only"
            />
            <span className="flex items-baseline justify-between">
              <span className="font-semibold">{app.name}</span>
              <span className="text-sm">{app.priceNote}</span>
            </span>
            <span className="mt-1 block text-sm text-slate-700">{app.description}</span>
          </label>
        ))}
      </fieldset>
      <SubmitButton className="w-full">Continue</SubmitButton>
    </>
  )
}
