'use client'

// The invitation's "Join" button: a small form on its server action (the token as a hidden field),
// which lands on the organization; a refusal shows above the button. Works without JavaScript.
import { ActionForm, SubmitButton } from '@/components/ui/action-form'
import { FieldErrorAlert } from '@/components/auth/field-error-alert'
import { acceptInvitationAction } from '@/app/_actions/onboarding/accept-invitation'

export function AcceptInvitation({ token, orgName }: { token: string; orgName: string }) {
  return (
    <ActionForm action={acceptInvitationAction} aria-label="Accept the invitation">
      <FieldErrorAlert name="token" />
      <input type="hidden" name="token" value={token} />
      <SubmitButton pendingLabel="Joining…" className="w-full">
        {`Join ${orgName}`}
      </SubmitButton>
    </ActionForm>
  )
}
