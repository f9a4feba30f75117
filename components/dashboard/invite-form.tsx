'use client'

import { useRouter } from 'next/navigation'
import { useState } from 'react'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Field } from '@/components/ui/field'
import { postJson } from '@/components/auth/post-json'

export function InviteForm({ orgSlug, roles }: { orgSlug: string; roles: { value: string; label: string }[] }) {
  const router = useRouter()
  const [state, setState] = useState<{ done?: string; error?: string; fieldErrors?: Record<string, string[]> }>({})
  const [pending, setPending] = useState(false)

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault()
    const formElement = event.currentTarget
    setPending(true)
    const form = new FormData(formElement)
    const result = await postJson<{ email: string }>(`/api/orgs/${orgSlug}/invitations`, {
      email: form.get('email'),
      role: form.get('role'),
    })
    setPending(false)
    if (!result.ok) return setState({ error: result.message, fieldErrors: result.fieldErrors })
    setState({ done: `Invitation sent to ${result.data.email}.` })
    formElement.reset()
    router.refresh()
  }

  const fe = state.fieldErrors ?? {}
  return (
    <form onSubmit={onSubmit} aria-label="Invite a member" className="space-y-3 rounded-lg bg-white p-4 ring-1 ring-slate-200" noValidate>
      <h2 className="font-semibold">Invite a member</h2>
      {state.done && <Alert tone="success">{state.done}</Alert>}
      {state.error && !Object.keys(fe).length && <Alert tone="error">{state.error}</Alert>}
      <div className="grid gap-3 sm:grid-cols-[1fr_auto_auto] sm:items-end">
        <Field label="Email address" name="email" type="email" error={fe.email} required />
        <label className="block text-sm">
          <span className="block font-medium text-slate-800">Role</span>
          <select name="role" defaultValue="MEMBER" className="mt-1 rounded-md border border-slate-300 px-2 py-2">
            {roles.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </select>
        </label>
        <Button type="submit" disabled={pending}>
          {pending ? 'Sending…' : 'Send invitation'}
        </Button>
      </div>
    </form>
  )
}
