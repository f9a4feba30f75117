'use client'

// The reset link's form, on its server action: the token travels as a hidden field (its refusal
// shows above the form), the new password's refusal on its field; once changed, a link to sign in.
import { PASSWORD_HINT } from '@/components/auth/password-hint'
import Link from 'next/link'
import { Alert } from '@/components/ui/alert'
import { ActionField, ActionForm, SubmitButton, useActionResult } from '@/components/ui/action-form'
import { resetPasswordAction } from '@/app/_actions/auth/reset-password'
import { FieldErrorAlert } from './field-error-alert'

function NewPassword({ token }: { token: string }) {
  const result = useActionResult<{ message: string }>()
  if (result?.ok)
    return (
      <div className="space-y-4">
        <Alert tone="success">{result.data.message}</Alert>
        <Link href="/signin" className="text-brand-600 hover:underline">
          Go to sign in
        </Link>
      </div>
    )
  return (
    <>
      <FieldErrorAlert name="token" />
      <input type="hidden" name="token" value={token} />
      <ActionField label="New password" name="password" type="password" autoComplete="new-password" hint={PASSWORD_HINT} required />
      <SubmitButton pendingLabel="Saving…" className="w-full">
        Set new password
      </SubmitButton>
    </>
  )
}

export function ResetPasswordForm({ token }: { token: string }) {
  return (
    <ActionForm action={resetPasswordAction} aria-label="Reset password" className="space-y-4">
      <NewPassword token={token} />
    </ActionForm>
  )
}
