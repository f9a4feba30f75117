'use client'

// Sign-up, step 4: one button on its server action, which goes on to the provisioning page (or to
// Stripe Checkout). Any refusal shows above it, field messages included (there are no fields here).
import { Alert } from '@/components/ui/alert'
import { ActionForm, SubmitButton, useActionResult } from '@/components/ui/action-form'
import { completeSignupAction } from '@/app/_actions/onboarding/complete-signup'

function Refusal() {
  const result = useActionResult()
  // ActionForm shows the message itself, and `_form` errors; the others would have no field to show on.
  const messages = Object.entries((result && !result.ok && result.fieldErrors) || {})
    .filter(([field]) => field !== '_form')
    .flatMap(([, list]) => list)
  return messages.length ? <Alert tone="error">{messages.join(' ')}</Alert> : null
}

export function StartButton({ label }: { label: string }) {
  return (
    <ActionForm action={completeSignupAction} aria-label="Start your instance">
      <Refusal />
      <SubmitButton pendingLabel="Starting…" className="w-full">
        {label}
      </SubmitButton>
    </ActionForm>
  )
}
