'use client'

import Link from 'next/link'
import { useRouter } from 'next/navigation'
import { useState } from 'react'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Field } from '@/components/ui/field'
import { postJson } from '@/components/auth/post-json'
import { safeNext } from '@/components/auth/safe-next'

export function AccountForm({ next }: { next?: string }) {
  const router = useRouter()
  const [state, setState] = useState<{ error?: string; fieldErrors?: Record<string, string[]> }>({})
  const [pending, setPending] = useState(false)

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault()
    setPending(true)
    const form = new FormData(event.currentTarget)
    const result = await postJson('/api/auth/sign-up', { name: form.get('name'), email: form.get('email'), password: form.get('password') })
    setPending(false)
    if (!result.ok) return setState({ error: result.message, fieldErrors: result.fieldErrors })
    router.push(safeNext(next, '/signup/organization'))
    router.refresh()
  }

  const fe = state.fieldErrors ?? {}
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {state.error && !Object.keys(fe).length && <Alert tone="error">{state.error}</Alert>}
      <Field label="Your name" name="name" autoComplete="name" error={fe.name} />
      <Field label="Email" name="email" type="email" autoComplete="email" error={fe.email} required />
      <Field
        label="Password"
        name="password"
        type="password"
        autoComplete="new-password"
        hint="At least 8 characters; common passwords are refused."
        error={fe.password}
        required
      />
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? 'Creating your account…' : 'Continue'}
      </Button>
      <p className="text-center text-sm text-slate-600">
        Already have an account?{' '}
        <Link href="/signin?next=/signup/organization" className="text-brand-600 hover:underline">
          Sign in
        </Link>
      </p>
    </form>
  )
}
