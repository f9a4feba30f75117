'use client'

import { useState } from 'react'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Field } from '@/components/ui/field'
import { postJson } from './post-json'

export function ForgotPasswordForm() {
  const [message, setMessage] = useState<{ tone: 'error' | 'success'; text: string } | null>(null)
  const [pending, setPending] = useState(false)

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault()
    setPending(true)
    const result = await postJson<{ message: string }>('/api/auth/password-reset/request', {
      email: new FormData(event.currentTarget).get('email'),
    })
    setPending(false)
    setMessage(result.ok ? { tone: 'success', text: result.data.message } : { tone: 'error', text: result.message })
  }

  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {message && <Alert tone={message.tone}>{message.text}</Alert>}
      <Field label="Email" name="email" type="email" autoComplete="email" required />
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? 'Sending…' : 'Send reset link'}
      </Button>
    </form>
  )
}
