'use client'

// The settings page's forms, each on its server action (components/ui/action-form.tsx): they work
// without JavaScript (a plain form post, the page rendered again with the result) and with it.
import { useActionState } from 'react'
import { Alert } from '@/components/ui/alert'
import { isoDay } from '@/lib/format'
import { ActionField, ActionForm, SubmitButton, useActionResult } from '@/components/ui/action-form'
import { renameOrganizationAction } from '@/app/_actions/orgs/rename-organization'
import { requestOrganizationDeletionAction } from '@/app/_actions/orgs/request-organization-deletion'
import { cancelOrganizationDeletionAction } from '@/app/_actions/orgs/cancel-organization-deletion'
import { setCustomDomainAction } from '@/app/_actions/provisioning/set-custom-domain'
import { removeCustomDomainAction } from '@/app/_actions/provisioning/remove-custom-domain'

export function RenameForm({ orgSlug, name }: { orgSlug: string; name: string }) {
  return (
    <ActionForm action={renameOrganizationAction} success="Saved." aria-label="Rename organization">
      <input type="hidden" name="org" value={orgSlug} />
      <ActionField label="Organization name" name="name" defaultValue={name} required />
      <SubmitButton>Save</SubmitButton>
    </ActionForm>
  )
}

/** "Deletion canceled." after an undo, until the deletion form has a result of its own. */
function UndoneNotice({ isUndone }: { isUndone: boolean }) {
  const result = useActionResult()
  return isUndone && !result ? <Alert tone="success">Deletion canceled.</Alert> : null
}

export function DeletionForm({ orgSlug, scheduledFor }: { orgSlug: string; scheduledFor: string | null }) {
  // The undo's result is kept here, above both views: after an undo the page shows the deletion form again, with the notice.
  const [undo, undoAction] = useActionState(cancelOrganizationDeletionAction, null)
  if (scheduledFor) {
    return (
      <form action={undoAction} aria-label="Undo deletion" className="space-y-3">
        <input type="hidden" name="org" value={orgSlug} />
        <Alert tone="warning">This organization and its instance will be deleted on {isoDay(scheduledFor)}. Until then you can undo.</Alert>
        {undo && !undo.ok && <Alert tone="error">{undo.message}</Alert>}
        <SubmitButton variant="secondary">Undo deletion</SubmitButton>
      </form>
    )
  }
  return (
    <ActionForm action={requestOrganizationDeletionAction} success="Deletion scheduled." aria-label="Delete organization">
      <input type="hidden" name="org" value={orgSlug} />
      <UndoneNotice isUndone={undo?.ok === true} />
      <p className="text-sm text-slate-600">
        Deleting schedules the organization, its instance and its data for removal in 30 days. You can undo until then.
      </p>
      <ActionField label={`Type ${orgSlug} to confirm`} name="confirmation" autoComplete="off" spellCheck={false} required />
      <SubmitButton variant="danger">Delete organization</SubmitButton>
    </ActionForm>
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
  return (
    <div className="space-y-3">
      <ActionForm
        action={setCustomDomainAction}
        success="Saved. The instance is being updated to answer on this domain."
        aria-label="Custom domain"
      >
        <input type="hidden" name="org" value={orgSlug} />
        <ActionField
          label="Domain"
          name="domain"
          defaultValue={customDomain ?? ''}
          placeholder="app.example.com"
          hint={`Point a CNAME record for the domain at ${cnameTarget}; the TLS certificate is issued once it resolves.`}
          disabled={!canChange}
          required
        />
        <SubmitButton disabled={!canChange}>Save domain</SubmitButton>
      </ActionForm>
      {/* Its own small form, mounted while the page shows a domain or its removal's result. */}
      <ActionForm
        action={removeCustomDomainAction}
        success="Removed. The instance answers on its own address only."
        aria-label={customDomain ? 'Remove custom domain' : undefined}
      >
        <input type="hidden" name="org" value={orgSlug} />
        {customDomain && (
          <SubmitButton variant="secondary" disabled={!canChange}>
            Remove domain
          </SubmitButton>
        )}
      </ActionForm>
    </div>
  )
}
