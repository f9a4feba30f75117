'use client'

// The verification link's page, on its server action: a POST, never the GET of the link (a mail
// scanner's preview must not use the token up). With JavaScript the form submits itself once on
// arrival; without it, the person presses the button.
import { PASSWORD_HINT } from '@/components/auth/password-hint'
import Link from 'next/link'
import { useEffect, useRef } from 'react'
import { Alert } from '@/components/ui/alert'
import { ActionField, ActionForm, SubmitButton, useActionResult } from '@/components/ui/action-form'
import { verifyEmailAction } from '@/app/_actions/auth/verify-email'
import { FieldErrorAlert } from './field-error-alert'

function Verification({ token }: { token: string }) {
  const result = useActionResult<{ message: string; next?: string }>()
  const anchor = useRef<HTMLSpanElement>(null)
  const started = useRef(false)
  useEffect(() => {
    if (started.current || result) return
    started.current = true
    anchor.current?.closest('form')?.requestSubmit()
  }, [result])
  // Done once verified, or refused for the link itself; another refusal (too many attempts) may be tried again.
  const isDone = result?.ok || Boolean(result && !result.ok && result.fieldErrors?.token)
  // A sign-up's link opened in another browser than the one that signed up: its opener chooses the password.
  const asksPassword = Boolean(result && !result.ok && result.fieldErrors?.password)
  return (
    <>
      <span ref={anchor} hidden />
      <input type="hidden" name="token" value={token} />
      {result?.ok && <Alert tone="success">{result.data.message}</Alert>}
      <FieldErrorAlert name="token" />
      {isDone ? (
        <Link href={(result?.ok && result.data.next) || '/dashboard'} className="text-brand-600 hover:underline">
          Continue
        </Link>
      ) : (
        <>
          {asksPassword && (
            <ActionField
              label="Choose a password"
              name="password"
              type="password"
              autoComplete="new-password"
              hint={PASSWORD_HINT}
              required
            />
          )}
          <p className="text-sm text-slate-600">Confirm the address this link was sent to.</p>
          <SubmitButton pendingLabel="Verifying your email address…" className="w-full">
            Verify my email address
          </SubmitButton>
        </>
      )}
    </>
  )
}

export function VerifyEmail({ token }: { token: string }) {
  return (
    <ActionForm action={verifyEmailAction} aria-label="Verify email address" className="space-y-4">
      <Verification token={token} />
    </ActionForm>
  )
}
