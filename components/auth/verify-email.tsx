'use client'

import Link from 'next/link'
import { useEffect, useRef, useState } from 'react'
import { Alert } from '@/components/ui/alert'
import { postJson } from './post-json'

/** Verifies on mount with a POST (a GET from a mail scanner's link preview must not consume the token). */
export function VerifyEmail({ token }: { token: string }) {
  const [state, setState] = useState<{ tone: 'info' | 'success' | 'error'; text: string }>({
    tone: 'info',
    text: 'Verifying your email address…',
  })
  const started = useRef(false)
  useEffect(() => {
    if (started.current) return
    started.current = true
    void postJson<{ message: string }>('/api/auth/verify-email', { token }).then((result) =>
      setState(
        result.ok
          ? { tone: 'success', text: result.data.message }
          : { tone: 'error', text: result.fieldErrors?.token?.join(' ') ?? result.message },
      ),
    )
  }, [token])
  return (
    <div className="space-y-4">
      <Alert tone={state.tone}>{state.text}</Alert>
      {state.tone !== 'info' && (
        <Link href="/dashboard" className="text-brand-600 hover:underline">
          Continue
        </Link>
      )}
    </div>
  )
}
