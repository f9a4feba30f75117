'use client'

// The settings page's forms, each on its server action (components/ui/action-form.tsx): they work
// without JavaScript (a plain form post, the page rendered again with the result) and with it.
import { useActionState } from 'react'
import { Alert } from '@/components/ui/alert'
import { isoDay, longDateTime } from '@/lib/format'
import type { CustomDomainView } from '@/lib/provisioning/get-custom-domain'
import { ActionField, ActionForm, SubmitButton, useActionResult } from '@/components/ui/action-form'
import { renameOrganizationAction } from '@/app/_actions/orgs/rename-organization'
import { requestOrganizationDeletionAction } from '@/app/_actions/orgs/request-organization-deletion'
import { cancelOrganizationDeletionAction } from '@/app/_actions/orgs/cancel-organization-deletion'
import { setCustomDomainAction } from '@/app/_actions/provisioning/set-custom-domain'
import { removeCustomDomainAction } from '@/app/_actions/provisioning/remove-custom-domain'
import { verifyCustomDomainAction } from '@/app/_actions/provisioning/verify-custom-domain'

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

export function CustomDomainForm({ orgSlug, domain, canChange }: { orgSlug: string; domain: CustomDomainView; canChange: boolean }) {
  const { customDomain, pending, txtRecord, cnameTarget } = domain
  // A claim to prove, or a served domain whose proof went missing.
  const canVerify = pending !== null || domain.removalAt !== null
  return (
    <div className="space-y-4">
      {customDomain && (
        <div data-testid="domain-served" className="space-y-2 text-sm">
          <p>
            Served at <span className="font-semibold">https://{customDomain}</span>
            {domain.checkedAt && <span className="text-slate-600"> (DNS proof checked {longDateTime(domain.checkedAt)})</span>}.
          </p>
          {domain.removalAt && (
            <Alert tone="warning">
              The DNS record that proves {customDomain} is gone. Publish it again: unless it is back, the domain is removed from the
              instance on {longDateTime(domain.removalAt)}.
            </Alert>
          )}
        </div>
      )}
      <ActionForm
        action={setCustomDomainAction}
        success={(view) => `Saved. Publish the DNS record below for ${view.pending?.domain ?? view.customDomain}, then verify it.`}
        aria-label="Custom domain"
      >
        <input type="hidden" name="org" value={orgSlug} />
        <ActionField
          label="Domain"
          name="domain"
          defaultValue={pending?.domain ?? customDomain ?? ''}
          placeholder="app.example.com"
          hint="The instance answers on it, with its TLS certificate, once the DNS proves that it is yours."
          disabled={!canChange}
          required
        />
        <SubmitButton disabled={!canChange}>Save domain</SubmitButton>
      </ActionForm>
      {pending && (
        <div data-testid="domain-pending" className="space-y-3 rounded-md bg-slate-50 p-4 text-sm ring-1 ring-slate-200">
          <p>
            <span className="font-semibold">{pending.domain}</span> is waiting for its DNS proof
            {customDomain ? ` (${customDomain} stays served until then)` : ''}. Publish one of these records at your DNS provider:
          </p>
          <DnsRecords domain={pending.domain} txtRecord={txtRecord} cnameTarget={cnameTarget} />
          <p data-testid="domain-check" className="text-slate-600">
            {pending.checkedAt
              ? `Last checked ${longDateTime(pending.checkedAt)}: ${pending.problem ?? 'not proved yet'}`
              : 'Not checked yet. It is checked every 15 minutes, or now:'}
          </p>
        </div>
      )}
      {customDomain && !pending && domain.removalAt && <DnsRecords domain={customDomain} txtRecord={txtRecord} cnameTarget={cnameTarget} />}
      {/* Mounted whatever the page shows, so its result stays on screen once the claim it verified is served. */}
      <ActionForm
        action={verifyCustomDomainAction}
        success={(result) =>
          result.verified === 'served'
            ? `Verified. The instance is being updated to answer on ${result.customDomain}.`
            : `Verified: the record proving ${result.customDomain} is back.`
        }
        aria-label={canVerify ? 'Verify custom domain' : undefined}
      >
        <input type="hidden" name="org" value={orgSlug} />
        {canVerify && (
          <SubmitButton variant="secondary" disabled={!canChange}>
            Verify now
          </SubmitButton>
        )}
      </ActionForm>
      {/* Its own small form, mounted while the page shows a domain or its removal's result. */}
      <ActionForm
        action={removeCustomDomainAction}
        success="Removed. The instance answers on its own address only."
        aria-label={customDomain || pending ? 'Remove custom domain' : undefined}
      >
        <input type="hidden" name="org" value={orgSlug} />
        {(customDomain || pending) && (
          <SubmitButton variant="secondary" disabled={!canChange}>
            Remove domain
          </SubmitButton>
        )}
      </ActionForm>
    </div>
  )
}

/** The two records that prove a domain: the TXT with the instance's token, or a CNAME to the instance's own host. */
function DnsRecords({ domain, txtRecord, cnameTarget }: { domain: string; txtRecord: CustomDomainView['txtRecord']; cnameTarget: string }) {
  const rows = [
    ...(txtRecord ? [{ type: 'TXT', name: txtRecord.name, value: txtRecord.value }] : []),
    { type: 'CNAME', name: domain, value: cnameTarget },
  ]
  return (
    <table className="w-full text-left text-xs">
      <caption className="sr-only">DNS records proving {domain}</caption>
      <thead>
        <tr className="text-slate-600">
          <th scope="col" className="py-1 pr-3 font-medium">
            Type
          </th>
          <th scope="col" className="py-1 pr-3 font-medium">
            Name
          </th>
          <th scope="col" className="py-1 font-medium">
            Value
          </th>
        </tr>
      </thead>
      <tbody>
        {rows.map((r) => (
          <tr key={r.type} data-testid={`dns-record-${r.type.toLowerCase()}`}>
            <td className="py-1 pr-3 font-mono">{r.type}</td>
            <td className="py-1 pr-3 font-mono break-all">{r.name}</td>
            <td className="py-1 font-mono break-all">{r.value}</td>
          </tr>
        ))}
      </tbody>
    </table>
  )
}
