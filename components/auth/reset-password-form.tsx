'use client'

import Link from 'next/link'
import { useState } from 'react'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Field } from '@/components/ui/field'
import { postJson } from './post-json'

export function ResetPasswordForm({ token }: { token: string }) {
  const [state, setState] = useState<{ done?: string; error?: string; fieldErrors?: Record<string, string[]> }>({})
  const [pending, setPending] = useState(false)

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault()
    setPending(true)
    const result = await postJson<{ message: string }>('/api/auth/password-reset/confirm', {
      token,
      password: new FormData(event.currentTarget).get('password'),
    })
    setPending(false)
    setState(result.ok ? { done: result.data.message } : { error: result.message, fieldErrors: result.fieldErrors })
  }

  if (state.done) {
    return (
      <div className="space-y-4">
        <Alert tone="success">{state.done}</Alert>
        <Link href="/signin" className="text-brand-600 hover:underline">
          Go to sign in
        </Link>
      </div>
    )
  }
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {state.error && !state.fieldErrors?.password && <Alert tone="error">{state.fieldErrors?.token?.join(' ') ?? state.error}</Alert>}
      <Field
        label="New password"
        name="password"
        type="password"
        autoComplete="new-password"
        hint="At least 8 characters; common passwords are refused."
        error={state.fieldErrors?.password}
        required
      />
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? 'Saving…' : 'Set new password'}
      </Button>
    </form>
  )
}
