'use client'

// Sign-up, step 2, on its server action. Without JavaScript the address is typed by hand (or left
// empty: the action derives it from the name) and checked on submit; with it, the address follows
// the name until edited and a live check says whether it is free.
import { useEffect, useState } from 'react'
import { Field } from '@/components/ui/field'
import { ActionForm, SubmitButton, useFormField } from '@/components/ui/action-form'
import { saveOrganizationStepAction } from '@/app/_actions/onboarding/save-organization-step'
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
  return (
    <ActionForm action={saveOrganizationStepAction} aria-label="Name your organization" className="space-y-4">
      <OrganizationFields initial={initial} baseDomain={baseDomain} />
    </ActionForm>
  )
}

function OrganizationFields({ initial, baseDomain }: { initial: { name?: string; slug?: string }; baseDomain: string }) {
  // After a refusal (rendered again without JavaScript), the fields show what was sent.
  const nameField = useFormField('name', initial.name ?? '')
  const slugField = useFormField('slug', initial.slug ?? '')
  const [name, setName] = useState(nameField.value ?? '')
  const [slug, setSlug] = useState(slugField.value ?? '')
  const [isSlugEdited, setSlugEdited] = useState(Boolean(slugField.value))
  const [availability, setAvailability] = useState<{ slug: string; isAvailable: boolean; reason?: string } | null>(null)
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

  const live = availability && availability.slug === effectiveSlug ? availability : null
  return (
    <>
      <Field
        label="Organization name"
        name="name"
        value={name}
        onChange={(e) => setName(e.target.value)}
        error={nameField.error}
        required
      />
      <Field
        label="Address"
        name="slug"
        value={effectiveSlug}
        onChange={(e) => {
          setSlugEdited(true)
          setSlug(e.target.value)
        }}
        hint={`Your instance: ${effectiveSlug || '…'}.${baseDomain}`}
        error={slugField.error ?? (live && !live.isAvailable ? live.reason : undefined)}
        spellCheck={false}
        autoCapitalize="none"
        required
      />
      {live?.isAvailable && (
        <p role="status" className="text-sm text-green-700">
          {live.slug}.{baseDomain} is available
        </p>
      )}
      <SubmitButton pendingLabel="Checking…" className="w-full">
        Continue
      </SubmitButton>
    </>
  )
}
