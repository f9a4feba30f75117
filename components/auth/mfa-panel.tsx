'use client'

// The /mfa page's forms, on server actions, with or without JavaScript:
//   enroll  the QR code and the key (behind a <details>) of the enrolment the page started, and
//           the code that turns it on; then the recovery codes, once (the action's result);
//   verify  a code from the app or a recovery code, then the console (the action redirects);
//   done    this session is verified (the recovery codes when the enrolment just finished).
// "Continue" is a plain GET form to /admin: no JavaScript needed.
import { useActionState } from 'react'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Field } from '@/components/ui/field'
import { ActionField, ActionForm, SubmitButton } from '@/components/ui/action-form'
import { confirmTotpEnrollmentAction } from '@/app/_actions/auth/confirm-totp-enrollment'
import { verifySecondFactorAction } from '@/app/_actions/auth/verify-second-factor'

type Enrollment = { qrCodeDataUrl: string; secretBase32: string }

function ToTheConsole({ label }: { label: string }) {
  return (
    <form action="/admin" method="get">
      <Button type="submit">{label}</Button>
    </form>
  )
}

function RecoveryCodes({ codes }: { codes: string[] }) {
  return (
    <div className="space-y-4">
      <Alert tone="success">Two-factor authentication is on.</Alert>
      <p className="text-sm text-slate-700">
        Keep these recovery codes somewhere safe. Each works once if you lose your authenticator. They will not be shown again.
      </p>
      <ul aria-label="Recovery codes" className="grid grid-cols-2 gap-2 rounded-md bg-slate-50 p-4 font-mono text-sm">
        {codes.map((c) => (
          <li key={c}>{c}</li>
        ))}
      </ul>
      <ToTheConsole label="I saved them — continue" />
    </div>
  )
}

/** Enrolment and what follows it: one hook at one place, whichever the mode, so its result outlives the page's new mode. */
function Enrolment({ enrollment }: { enrollment?: Enrollment }) {
  const [result, formAction] = useActionState(confirmTotpEnrollmentAction, null)
  if (result?.ok) return <RecoveryCodes codes={result.data.recoveryCodes} />
  if (!enrollment)
    return (
      <div className="space-y-4">
        <Alert tone="success">This session has passed two-factor authentication.</Alert>
        <ToTheConsole label="Continue to the console" />
      </div>
    )
  const failed = result && !result.ok ? result : null
  const codeErrors = failed?.fieldErrors?.code
  return (
    <form action={formAction} aria-label="Two-factor set-up" className="space-y-4" noValidate>
      {failed && !codeErrors && <Alert tone="error">{failed.message}</Alert>}
      <div className="space-y-3">
        <p className="text-sm text-slate-700">
          Scan this code with an authenticator app, then enter the 6-digit code it shows. A new key is made each time this page opens: scan
          the one shown here.
        </p>
        {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL generated on the server */}
        <img src={enrollment.qrCodeDataUrl} alt="QR code for your authenticator app" width={200} height={200} className="mx-auto" />
        <details className="text-xs text-slate-600">
          <summary>Can&apos;t scan? Enter this key instead</summary>
          <code data-testid="totp-secret" className="mt-1 block break-all">
            {enrollment.secretBase32}
          </code>
        </details>
      </div>
      <Field label="Code from your app" name="code" autoComplete="one-time-code" inputMode="numeric" error={codeErrors} required />
      <SubmitButton pendingLabel="Checking…" className="w-full">
        Turn on two-factor authentication
      </SubmitButton>
    </form>
  )
}

function Verification() {
  return (
    <ActionForm action={verifySecondFactorAction} aria-label="Two-factor verification" className="space-y-4">
      <ActionField label="Authentication code or recovery code" name="code" autoComplete="one-time-code" inputMode="text" required />
      <SubmitButton pendingLabel="Checking…" className="w-full">
        Verify
      </SubmitButton>
    </ActionForm>
  )
}

export function MfaPanel({ mode, enrollment }: { mode: 'enroll' | 'verify' | 'done'; enrollment?: Enrollment }) {
  return mode === 'verify' ? <Verification /> : <Enrolment enrollment={mode === 'enroll' ? enrollment : undefined} />
}
