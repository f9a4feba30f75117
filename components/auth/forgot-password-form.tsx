'use client'

// Forgot your password, on its server action: the same answer whether or not the address has an account.
import { ActionField, ActionForm, SubmitButton } from '@/components/ui/action-form'
import { requestPasswordResetAction } from '@/app/_actions/auth/request-password-reset'

export function ForgotPasswordForm() {
  return (
    <ActionForm
      action={requestPasswordResetAction}
      success={(data) => data.message}
      aria-label="Request a password reset"
      className="space-y-4"
    >
      <ActionField label="Email" name="email" type="email" autoComplete="email" required />
      <SubmitButton pendingLabel="Sending…" className="w-full">
        Send reset link
      </SubmitButton>
    </ActionForm>
  )
}
