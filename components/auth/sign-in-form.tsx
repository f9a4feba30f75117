'use client'

// Sign in, on its server action: a plain form without JavaScript; with it, submitted in place and
// the fields keep what was typed after a refusal. Where to go next travels as a hidden field (the
// action follows it only to a path of this site).
import Link from 'next/link'
import { ActionField, ActionForm, SubmitButton } from '@/components/ui/action-form'
import { signInAction } from '@/app/_actions/auth/sign-in'

export function SignInForm({ next }: { next?: string }) {
  return (
    <ActionForm action={signInAction} keepValues aria-label="Sign in" className="space-y-4">
      {next && <input type="hidden" name="next" value={next} />}
      <ActionField label="Email" name="email" type="email" autoComplete="email" required />
      <ActionField label="Password" name="password" type="password" autoComplete="current-password" required />
      <SubmitButton pendingLabel="Signing in…" className="w-full">
        Sign in
      </SubmitButton>
      <div className="flex justify-between text-sm">
        <Link href="/forgot-password" className="text-brand-600 hover:underline">
          Forgot your password?
        </Link>
        <Link href="/signup" className="text-brand-600 hover:underline">
          Create an account
        </Link>
      </div>
    </ActionForm>
  )
}
