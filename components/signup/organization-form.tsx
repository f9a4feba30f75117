'use client'

import { useRouter } from 'next/navigation'
import { useEffect, useState } from 'react'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Field } from '@/components/ui/field'
import { postJson } from '@/components/auth/post-json'
import { useSavedWizardState } from './use-saved-state'

function suggest(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 40)
}

export function OrganizationForm({ initial, baseDomain }: { initial: { name?: string; slug?: string }; baseDomain: string }) {
  const router = useRouter()
  const [name, setName] = useState(initial.name ?? '')
  const [slug, setSlug] = useState(initial.slug ?? '')
  const [isSlugEdited, setSlugEdited] = useState(Boolean(initial.slug))
  const [availability, setAvailability] = useState<{ slug: string; isAvailable: boolean; reason?: string } | null>(null)
  const [state, setState] = useState<{ error?: string; fieldErrors?: Record<string, string[]> }>({})
  const [pending, setPending] = useState(false)
  const effectiveSlug = isSlugEdited ? slug : suggest(name)
  useSavedWizardState((saved) => {
    if (saved.name && !name) setName(saved.name)
    if (saved.slug && !slug) {
      setSlug(saved.slug)
      setSlugEdited(true)
    }
  })

  useEffect(() => {
    if (!effectiveSlug) return // a stale answer is ignored below: it names another slug
    const timer = setTimeout(async () => {
      const response = await fetch(`/api/signup/check-slug?slug=${encodeURIComponent(effectiveSlug)}`)
      const result = (await response.json()) as {
        ok: boolean
        data?: { slug: string; isAvailable: boolean; reason?: string }
        fieldErrors?: { slug?: string[] }
      }
      if (result.ok && result.data) setAvailability(result.data)
      else if (result.fieldErrors?.slug?.[0])
        setAvailability({ slug: effectiveSlug, isAvailable: false, reason: result.fieldErrors.slug[0] }) // malformed or reserved
    }, 300)
    return () => clearTimeout(timer)
  }, [effectiveSlug])

  async function onSubmit(event: React.FormEvent<HTMLFormElement>) {
    event.preventDefault()
    setPending(true)
    const result = await postJson('/api/signup/organization', { name, slug: effectiveSlug })
    setPending(false)
    if (!result.ok) return setState({ error: result.message, fieldErrors: result.fieldErrors })
    router.push('/signup/plan')
  }

  const fe = state.fieldErrors ?? {}
  const live = availability && availability.slug === effectiveSlug ? availability : null
  return (
    <form onSubmit={onSubmit} className="space-y-4" noValidate>
      {state.error && !Object.keys(fe).length && <Alert tone="error">{state.error}</Alert>}
      <Field label="Organization name" name="name" value={name} onChange={(e) => setName(e.target.value)} error={fe.name} required />
      <Field
        label="Address"
        name="slug"
        value={effectiveSlug}
        onChange={(e) => {
          setSlugEdited(true)
          setSlug(e.target.value)
        }}
        hint={`Your instance: ${effectiveSlug || '…'}.${baseDomain}`}
        error={fe.slug ?? (live && !live.isAvailable ? live.reason : undefined)}
        spellCheck={false}
        autoCapitalize="none"
        required
      />
      {live?.isAvailable && (
        <p role="status" className="text-sm text-green-700">
          {live.slug}.{baseDomain} is available
        </p>
      )}
      <Button type="submit" disabled={pending} className="w-full">
        {pending ? 'Checking…' : 'Continue'}
      </Button>
    </form>
  )
}
