'use client'

// One console action: a button that opens a native <dialog> holding the action's form (a server
// action, app/_actions/admin): its own fields, the reason for the audit log and the confirming
// button. Without JavaScript the button opens the dialog by Invoker Commands and the form posts;
// a refusal comes back with the dialog open (non-modal) showing it. With JavaScript the form
// submits in place: a refusal (read-only mode, a state that does not allow it, a field error) shows
// in the dialog, success closes it, and the page shows the new state either way.
import { useEffect, useId, useRef } from 'react'
import type { FormAction } from '@/app/_server/action'
import { ActionField, ActionForm, ActionSelect, FormRefusal, useActionResult } from '@/components/ui/action-form'
import { Button } from '@/components/ui/button'
import { ConfirmDialog } from '@/components/ui/confirm-dialog'
import { dialogCommand } from '@/components/ui/dialog-command'

export interface AdminActionField {
  name: string
  label: string
  type?: 'text' | 'number' | 'select'
  options?: { value: string; label: string }[]
  hint?: string
}

interface Props<T> {
  label: string
  title: string
  description: string
  action: FormAction<T>
  /** Values every submit of this action carries (the tenant, the invoice…), not asked for. */
  hidden?: Record<string, string>
  fields?: AdminActionField[]
  confirmLabel: string
  tone?: 'primary' | 'danger'
  disabled?: boolean
  /** Why the button is disabled (the lifecycle's reason), shown as its description. */
  disabledReason?: string
}

export function AdminActionButton<T>({ hidden = {}, ...props }: Props<T>) {
  return (
    <ActionForm action={props.action} messages={false} className="contents" aria-label={props.label}>
      {Object.entries(hidden).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      <ActionDialog {...props} />
    </ActionForm>
  )
}

function ActionDialog({
  label,
  title,
  description,
  fields = [],
  confirmLabel,
  tone = 'primary',
  disabled = false,
  disabledReason,
}: Omit<Props<unknown>, 'action' | 'hidden'>) {
  const id = useId()
  const dialogId = `${id}-dialog`
  const ref = useRef<HTMLDialogElement>(null)
  const result = useActionResult()
  // Success: the dialog has had its answer (the page shows the new state). A refusal keeps it open.
  useEffect(() => {
    if (result?.ok) ref.current?.close()
  }, [result])
  return (
    <>
      <Button
        type="button"
        variant={tone === 'danger' ? 'danger' : 'secondary'}
        disabled={disabled}
        aria-describedby={disabled && disabledReason ? `${id}-why` : undefined}
        {...dialogCommand(dialogId, 'show-modal')}
      >
        {label}
      </Button>
      {disabled && disabledReason && (
        <span id={`${id}-why`} className="sr-only">
          {disabledReason}
        </span>
      )}
      {result?.ok && (
        <span role="status" className="sr-only">
          {label}: done.
        </span>
      )}
      {/* Without JavaScript a refusal is rendered open, so it is seen; with it the dialog is already open. */}
      <ConfirmDialog id={dialogId} dialogRef={ref} title={title} confirmLabel={confirmLabel} tone={tone} open={result?.ok === false}>
        <p>{description}</p>
        {fields.map((f) =>
          f.type === 'select' ? (
            <ActionSelect key={f.name} name={f.name} label={f.label} options={f.options ?? []} hint={f.hint} />
          ) : (
            <ActionField key={f.name} name={f.name} label={f.label} type={f.type ?? 'text'} hint={f.hint} autoComplete="off" />
          ),
        )}
        <ActionField name="reason" label="Reason (kept in the audit log)" autoComplete="off" />
        <FormRefusal />
      </ConfirmDialog>
    </>
  )
}
