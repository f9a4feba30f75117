'use client'

// Sign-up, step 1, on its server action: a plain form without JavaScript; with it, submitted in
// place and the fields keep what was typed (the password too) after a refusal.
import { PASSWORD_HINT } from '@/components/auth/password-hint'
import Link from 'next/link'
import { ActionField, ActionForm, SubmitButton } from '@/components/ui/action-form'
import { signUpAction } from '@/app/_actions/auth/sign-up'

export function AccountForm({ next }: { next?: string }) {
  return (
    <ActionForm
      action={signUpAction}
      success={(data: { message: string }) => data.message}
      keepValues
      aria-label="Create your account"
      className="space-y-4"
    >
      {next && <input type="hidden" name="next" value={next} />}
      <ActionField label="Your name" name="name" autoComplete="name" />
      <ActionField label="Email" name="email" type="email" autoComplete="email" required />
      <ActionField label="Password" name="password" type="password" autoComplete="new-password" hint={PASSWORD_HINT} required />
      <SubmitButton pendingLabel="Creating your account…" className="w-full">
        Continue
      </SubmitButton>
      <p className="text-center text-sm text-slate-600">
        Already have an account?{' '}
        <Link href="/signin?next=/signup/organization" className="text-brand-600 hover:underline">
          Sign in
        </Link>
      </p>
    </ActionForm>
  )
}
