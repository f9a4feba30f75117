'use client'

import { useRouter } from 'next/navigation'
import { useState } from 'react'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { Field } from '@/components/ui/field'
import { ActionField, ActionForm, SubmitButton } from '@/components/ui/action-form'
import { renameOrganizationAction } from '@/app/_actions/orgs/rename-organization'
import { postJson, requestJson, type ApiResult } from '@/components/auth/post-json'

type Feedback = { done?: string; error?: string; fieldErrors?: Record<string, string[]> }

function useSubmit() {
  const router = useRouter()
  const [feedback, setFeedback] = useState<Feedback>({})
  const [pending, setPending] = useState(false)
  async function run(call: () => Promise<ApiResult<unknown>>, done: string) {
    setPending(true)
    const result = await call()
    setPending(false)
    setFeedback(result.ok ? { done } : { error: result.message, fieldErrors: result.fieldErrors })
    if (result.ok) router.refresh()
  }
  return { feedback, pending, run }
}

export function RenameForm({ orgSlug, name }: { orgSlug: string; name: string }) {
  return (
    <ActionForm action={renameOrganizationAction} success="Saved." aria-label="Rename organization">
      <input type="hidden" name="org" value={orgSlug} />
      <ActionField label="Organization name" name="name" defaultValue={name} required />
      <SubmitButton>Save</SubmitButton>
    </ActionForm>
  )
}

export function DeletionForm({ orgSlug, scheduledFor }: { orgSlug: string; scheduledFor: string | null }) {
  const { feedback, pending, run } = useSubmit()
  if (scheduledFor) {
    return (
      <div className="space-y-3">
        <Alert tone="warning">
          This organization and its instance will be deleted on {scheduledFor.slice(0, 10)}. Until then you can undo.
        </Alert>
        {feedback.error && <Alert tone="error">{feedback.error}</Alert>}
        <Button
          variant="secondary"
          disabled={pending}
          onClick={() =>
            void run(async () => {
              const response = await fetch(`/api/orgs/${orgSlug}/deletion`, { method: 'DELETE' })
              return (await response.json()) as ApiResult<unknown>
            }, 'Deletion canceled.')
          }
        >
          Undo deletion
        </Button>
      </div>
    )
  }
  return (
    <form
      aria-label="Delete organization"
      className="space-y-3"
      noValidate
      onSubmit={(e) => {
        e.preventDefault()
        const confirmation = new FormData(e.currentTarget).get('confirmation')
        void run(() => postJson(`/api/orgs/${orgSlug}/deletion`, { confirmation }), 'Deletion scheduled.')
      }}
    >
      {feedback.done && <Alert tone="success">{feedback.done}</Alert>}
      {feedback.error && !feedback.fieldErrors?.confirmation && <Alert tone="error">{feedback.error}</Alert>}
      <p className="text-sm text-slate-600">
        Deleting schedules the organization, its instance and its data for removal in 30 days. You can undo until then.
      </p>
      <Field
        label={`Type ${orgSlug} to confirm`}
        name="confirmation"
        autoComplete="off"
        spellCheck={false}
        error={feedback.fieldErrors?.confirmation}
        required
      />
      <Button type="submit" variant="danger" disabled={pending}>
        Delete organization
      </Button>
    </form>
  )
}

export function CustomDomainForm({
  orgSlug,
  customDomain,
  cnameTarget,
  canChange,
}: {
  orgSlug: string
  customDomain: string | null
  cnameTarget: string
  canChange: boolean
}) {
  const { feedback, pending, run } = useSubmit()
  return (
    <form
      aria-label="Custom domain"
      className="space-y-3"
      noValidate
      onSubmit={(e) => {
        e.preventDefault()
        const value = new FormData(e.currentTarget).get('domain')
        void run(
          () => postJson(`/api/orgs/${orgSlug}/instance/domain`, { domain: value }),
          'Saved. The instance is being updated to answer on this domain.',
        )
      }}
    >
      {feedback.done && <Alert tone="success">{feedback.done}</Alert>}
      {feedback.error && !feedback.fieldErrors?.domain && <Alert tone="error">{feedback.error}</Alert>}
      <Field
        label="Domain"
        name="domain"
        defaultValue={customDomain ?? ''}
        placeholder="app.example.com"
        hint={`Point a CNAME record for the domain at ${cnameTarget}; the TLS certificate is issued once it resolves.`}
        error={feedback.fieldErrors?.domain}
        disabled={!canChange}
        required
      />
      <div className="flex gap-3">
        <Button type="submit" disabled={pending || !canChange}>
          Save domain
        </Button>
        {customDomain && (
          <Button
            type="button"
            variant="secondary"
            disabled={pending || !canChange}
            onClick={() =>
              void run(
                () => requestJson(`/api/orgs/${orgSlug}/instance/domain`, { method: 'DELETE' }),
                'Removed. The instance answers on its own address only.',
              )
            }
          >
            Remove domain
          </Button>
        )}
      </div>
    </form>
  )
}
