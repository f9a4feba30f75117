'use client'

// A modal confirmation as a native <dialog> (focus moved in and back, Escape cancels, announced
// as a dialog named by its title), opened by a button with dialogCommand(id, 'show-modal') — so
// without JavaScript too. Its confirm button submits a form: the one given by `form` (rendered
// inside the dialog), or the form around the dialog.
//
//   <ActionForm action={…}><Button {...dialogCommand(id, 'show-modal')}>Suspend</Button>
//     <ConfirmDialog id={id} title="Suspend?" confirmLabel="Suspend" tone="danger">…fields…</ConfirmDialog>
//   </ActionForm>
import { SubmitButton } from './action-form'
import { Button } from './button'
import { dialogCommand } from './dialog-command'

export function ConfirmDialog({
  id,
  dialogRef,
  title,
  children,
  confirmLabel,
  tone = 'primary',
  open,
  onClose,
  form,
}: {
  id: string
  dialogRef?: React.Ref<HTMLDialogElement>
  title: string
  children: React.ReactNode
  confirmLabel: string
  tone?: 'primary' | 'danger'
  /** Rendered open (not modal): what a page without JavaScript shows a refusal in. */
  open?: boolean
  onClose?: () => void
  /** The form the dialog holds, when it is not inside one. */
  form?: Omit<React.FormHTMLAttributes<HTMLFormElement>, 'children'>
}) {
  const content = (
    <>
      <h2 id={`${id}-title`} className="text-lg font-semibold">
        {title}
      </h2>
      <div className="mt-2 space-y-3 text-sm font-normal text-slate-600">{children}</div>
      <div className="mt-6 flex justify-end gap-3">
        <Button type="button" variant="secondary" {...dialogCommand(id, 'close')}>
          Cancel
        </Button>
        <SubmitButton variant={tone}>{confirmLabel}</SubmitButton>
      </div>
    </>
  )
  return (
    <dialog
      ref={dialogRef}
      id={id}
      aria-labelledby={`${id}-title`}
      open={open || undefined}
      onClose={onClose}
      className="m-auto w-full max-w-md rounded-lg p-6 text-left shadow-xl ring-1 ring-slate-200 backdrop:bg-slate-900/40"
    >
      {form ? <form {...form}>{content}</form> : content}
    </dialog>
  )
}
