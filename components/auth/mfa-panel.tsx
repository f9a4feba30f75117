'use client'

import { useRouter } from 'next/navigation'
import { useEffect, useRef, useState } from 'react'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Field } from '@/components/ui/field'
import { postJson } from './post-json'

type Enrollment = { otpauthUri: string; qrCodeDataUrl: string; secretBase32: string }

export function MfaPanel({ mode }: { mode: 'enroll' | 'verify' }) {
  const router = useRouter()
  const [enrollment, setEnrollment] = useState<Enrollment | null>(null)
  const [recoveryCodes, setRecoveryCodes] = useState<string[] | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [pending, setPending] = useState(false)
  const started = useRef(false)

  useEffect(() => {
    if (mode !== 'enroll' || started.current) return
    started.current = true
    void postJson<Enrollment>('/api/auth/mfa/enroll', {}).then((r) => (r.ok ? setEnrollment(r.data) : setError(r.message)))
  }, [mode])

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault()
    setPending(true)
    setError(null)
    const code = new FormData(event.currentTarget).get('code')
    if (mode === 'enroll') {
      const result = await postJson<{ recoveryCodes: string[] }>('/api/auth/mfa/confirm', { code })
      setPending(false)
      if (!result.ok) return setError(result.fieldErrors?.code?.join(' ') ?? result.message)
      setRecoveryCodes(result.data.recoveryCodes)
    } else {
      const result = await postJson<null>('/api/auth/mfa/verify', { code })
      setPending(false)
      if (!result.ok) return setError(result.fieldErrors?.code?.join(' ') ?? result.message)
      router.push('/admin')
      router.refresh()
    }
  }

  if (recoveryCodes) {
    return (
      <div className="space-y-4">
        <Alert tone="success">Two-factor authentication is on.</Alert>
        <p className="text-sm text-slate-700">
          Keep these recovery codes somewhere safe. Each works once if you lose your authenticator. They will not be shown again.
        </p>
        <ul aria-label="Recovery codes" className="grid grid-cols-2 gap-2 rounded-md bg-slate-50 p-4 font-mono text-sm">
          {recoveryCodes.map((c) => (
            <li key={c}>{c}</li>
          ))}
        </ul>
        <Button
          onClick={() => {
            router.push('/admin')
            router.refresh()
          }}
        >
          I saved them — continue
        </Button>
      </div>
    )
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {error && <Alert tone="error">{error}</Alert>}
      {mode === 'enroll' && enrollment && (
        <div className="space-y-3">
          <p className="text-sm text-slate-700">Scan this code with an authenticator app, then enter the 6-digit code it shows.</p>
          {/* eslint-disable-next-line @next/next/no-img-element -- a data: URL generated on the server */}
          <img src={enrollment.qrCodeDataUrl} alt="QR code for your authenticator app" width={200} height={200} className="mx-auto" />
          <details className="text-xs text-slate-600">
            <summary>Can&apos;t scan? Enter this key instead</summary>
            <code data-testid="totp-secret" className="mt-1 block break-all">
              {enrollment.secretBase32}
            </code>
          </details>
        </div>
      )}
      <Field
        label={mode === 'enroll' ? 'Code from your app' : 'Authentication code or recovery code'}
        name="code"
        autoComplete="one-time-code"
        inputMode={mode === 'enroll' ? 'numeric' : 'text'}
        required
      />
      <Button type="submit" disabled={pending || (mode === 'enroll' && !enrollment)} className="w-full">
        {pending ? 'Checking…' : mode === 'enroll' ? 'Turn on two-factor authentication' : 'Verify'}
      </Button>
    </form>
  )
}
