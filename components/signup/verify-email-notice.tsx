'use client'

// Sign-up, step 4, while the account's address is not verified: the instance starts only once it
// is (the last step refuses with EMAIL_NOT_VERIFIED), so say so, and offer a new link.
import { Alert } from '@/components/ui/alert'
import { ActionForm, SubmitButton } from '@/components/ui/action-form'
import { resendVerificationEmailAction } from '@/app/_actions/auth/resend-verification-email'

export function VerifyEmailNotice({ email }: { email: string }) {
  return (
    <section aria-label="Email verification" className="mb-6 space-y-3">
      <Alert tone="warning">
        Verify your email address to start your instance: open the link we sent to <strong>{email}</strong>, then come back here.
      </Alert>
      <ActionForm action={resendVerificationEmailAction} success={(data) => data.message} aria-label="Resend the verification email">
        <SubmitButton variant="secondary" pendingLabel="Sending…">
          Send a new link
        </SubmitButton>
      </ActionForm>
    </section>
  )
}
