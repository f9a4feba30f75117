'use client'

// The members table with its actions: owners and admins change roles and remove members, anyone
// leaves. Each action is confirmed in a native <dialog> holding the confirming form (a server
// action): without JavaScript the buttons open and close it by Invoker Commands (`commandfor`), and
// the role chosen in the table travels with the dialog's form (`form=`); with JavaScript choosing a
// role opens its dialog at once. The server decides (the last owner is refused there, and its
// message is shown here).
import { useActionState, useEffect, useId, useRef, useState } from 'react'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { ConfirmDialog } from '@/components/ui/confirm-dialog'
import { Table } from '@/components/ui/table'
import { dialogCommand } from '@/components/ui/dialog-command'
import type { ActionResult } from '@/app/_server/action'
import { changeMemberRoleAction } from '@/app/_actions/orgs/change-member-role'
import { removeMemberAction } from '@/app/_actions/orgs/remove-member'
import { leaveOrganizationAction } from '@/app/_actions/orgs/leave-organization'
import { assignableRoles, canManageMember, ROLE_LABELS } from '@/lib/orgs/roles'
import type { MemberRole } from '@/lib/db'

export interface MemberRow {
  userId: string
  email: string
  name: string | null
  role: MemberRole
  joinedOn: string
  isYou: boolean
}

type Dispatch = (form: FormData) => void
/** What useActionState gives: the latest result and the form action. */
type ActionState = readonly [ActionResult | null, Dispatch, boolean]
/** What was last submitted, for the message after it (with JavaScript; without, the one result the page has). */
type Submitted = { kind: 'role'; who: string; role: MemberRole } | { kind: 'remove'; who: string } | { kind: 'leave' }

/** Invoker Commands: the button opens or closes the dialog `id`, without JavaScript too. */
const command = dialogCommand

const who = (m: MemberRow) => m.name ?? m.email

function article(label: string): string {
  return `${/^[aeiou]/i.test(label) ? 'an' : 'a'} ${label.toLowerCase()}`
}

/** A member action's confirmation: its form (with the hidden `fields`, and any control outside naming `formId`) in the dialog. */
function MemberDialog({
  dialogRef,
  id,
  formId,
  title,
  children,
  confirmLabel,
  tone,
  action,
  fields,
  result,
  onSubmit,
  onClose,
}: {
  dialogRef?: React.RefObject<HTMLDialogElement | null>
  id: string
  formId: string
  title: string
  children: React.ReactNode
  confirmLabel: string
  tone: 'primary' | 'danger'
  action: Dispatch
  fields: Record<string, string>
  result: ActionResult | null
  onSubmit: () => void
  onClose?: () => void
}) {
  const ownRef = useRef<HTMLDialogElement>(null)
  const ref = dialogRef ?? ownRef
  // A result came back (refused or done): the dialog has had its answer.
  useEffect(() => {
    ref.current?.close()
  }, [result, ref])
  return (
    <ConfirmDialog
      dialogRef={ref}
      id={id}
      title={title}
      confirmLabel={confirmLabel}
      tone={tone}
      onClose={onClose}
      form={{ id: formId, action, onSubmit }}
    >
      {Object.entries(fields).map(([name, value]) => (
        <input key={name} type="hidden" name={name} value={value} />
      ))}
      {children}
    </ConfirmDialog>
  )
}

type Actions = { role: ActionState; remove: ActionState; leave: ActionState }

/** What each cell with actions gets: the organization, who views, the row and the shared action states. */
interface CellProps {
  orgSlug: string
  orgName: string
  viewerRole: MemberRole
  member: MemberRow
  actions: Actions
  onSubmitted: (submitted: Submitted) => void
}

/** The role column: a select (with its confirming dialog) for a member the viewer may manage, else the label. */
function RoleCell({ orgSlug, orgName, viewerRole, member: m, actions, onSubmitted }: CellProps) {
  const id = useId()
  const roleDialog = useRef<HTMLDialogElement>(null)
  const [chosen, setChosen] = useState<MemberRole>(m.role)
  if (!canManageMember(viewerRole, m.role)) return ROLE_LABELS[m.role]
  const assignable = assignableRoles(viewerRole)
  const options = assignable.includes(m.role) ? assignable : [m.role, ...assignable]
  return (
    <div className="flex items-center gap-2">
      <label>
        <span className="sr-only">Role of {m.email}</span>
        <select
          name="role"
          form={`${id}-role-form`}
          value={chosen}
          onChange={(e) => {
            setChosen(e.target.value as MemberRole)
            roleDialog.current?.showModal()
          }}
          className="rounded-md border border-slate-300 px-2 py-1"
        >
          {options.map((role) => (
            <option key={role} value={role}>
              {ROLE_LABELS[role]}
            </option>
          ))}
        </select>
      </label>
      <button
        type="button"
        aria-label={`Change role: ${m.email}`}
        className="text-xs font-medium text-slate-600 underline"
        {...command(`${id}-role`, 'show-modal')}
      >
        Change
      </button>
      <MemberDialog
        dialogRef={roleDialog}
        id={`${id}-role`}
        formId={`${id}-role-form`}
        title={`Change the role of ${who(m)}?`}
        confirmLabel="Change role"
        tone="primary"
        action={actions.role[1]}
        fields={{ org: orgSlug, userId: m.userId }}
        result={actions.role[0]}
        onSubmit={() => onSubmitted({ kind: 'role', who: who(m), role: chosen })}
        onClose={() => setChosen(m.role)}
      >
        <p>
          {chosen === m.role
            ? `${m.email} gets the role chosen in the list, in ${orgName}`
            : `${m.email} becomes ${article(ROLE_LABELS[chosen])} of ${orgName}`}
          {m.isYou ? ': you are changing your own role.' : '.'}
        </p>
      </MemberDialog>
    </div>
  )
}

/** The last column: Remove (for a member the viewer may manage) or Leave organization (the viewer's own row), each confirmed. */
function ActionsCell({ orgSlug, orgName, viewerRole, member: m, actions, onSubmitted }: CellProps) {
  const id = useId()
  if (m.isYou)
    return (
      <>
        <Button type="button" variant="secondary" {...command(`${id}-leave`, 'show-modal')}>
          Leave organization
        </Button>
        <MemberDialog
          id={`${id}-leave`}
          formId={`${id}-leave-form`}
          title={`Leave ${orgName}?`}
          confirmLabel="Leave organization"
          tone="danger"
          action={actions.leave[1]}
          fields={{ org: orgSlug }}
          result={actions.leave[0]}
          onSubmit={() => onSubmitted({ kind: 'leave' })}
        >
          <p>You lose access to {orgName} at once. An owner or admin can invite you again.</p>
        </MemberDialog>
      </>
    )
  if (!canManageMember(viewerRole, m.role)) return null
  return (
    <>
      <Button type="button" variant="secondary" aria-label={`Remove ${m.email}`} {...command(`${id}-remove`, 'show-modal')}>
        Remove
      </Button>
      <MemberDialog
        id={`${id}-remove`}
        formId={`${id}-remove-form`}
        title={`Remove ${who(m)}?`}
        confirmLabel="Remove member"
        tone="danger"
        action={actions.remove[1]}
        fields={{ org: orgSlug, userId: m.userId }}
        result={actions.remove[0]}
        onSubmit={() => onSubmitted({ kind: 'remove', who: who(m) })}
      >
        <p>
          {m.email} loses access to {orgName} at once. You can invite them again later.
        </p>
      </MemberDialog>
    </>
  )
}

export function MemberList({
  orgSlug,
  orgName,
  viewerRole,
  members,
}: {
  orgSlug: string
  orgName: string
  viewerRole: MemberRole
  members: MemberRow[]
}) {
  // One state per action, shared by every row's form (a page rendered after a plain form post gets the one that ran).
  const role = useActionState(changeMemberRoleAction, null)
  const remove = useActionState(removeMemberAction, null)
  const leave = useActionState(leaveOrganizationAction, null)
  const [submitted, setSubmitted] = useState<Submitted | null>(null)

  const kind = submitted?.kind ?? (role[0] ? 'role' : remove[0] ? 'remove' : leave[0] ? 'leave' : null)
  const result: ActionResult | null = kind === 'role' ? role[0] : kind === 'remove' ? remove[0] : kind === 'leave' ? leave[0] : null
  let feedback: { tone: 'success' | 'error'; text: string } | null = null
  if (result && !result.ok) feedback = { tone: 'error', text: result.message }
  else if (result?.ok && kind === 'role') {
    const changed = result.data as { userId: string; role: MemberRole }
    const member = members.find((m) => m.userId === changed.userId)
    const name = submitted?.kind === 'role' ? submitted.who : member ? who(member) : 'The member'
    feedback = { tone: 'success', text: `${name} is now ${article(ROLE_LABELS[changed.role])}.` }
  } else if (result?.ok && kind === 'remove') {
    const name = submitted?.kind === 'remove' ? submitted.who : 'The member'
    feedback = { tone: 'success', text: `${name} was removed from ${orgName}.` }
  }

  const cellProps = { orgSlug, orgName, viewerRole, actions: { role, remove, leave }, onSubmitted: setSubmitted }
  return (
    <div className="space-y-3">
      {feedback && <Alert tone={feedback.tone}>{feedback.text}</Alert>}
      <Table
        caption={`Members of ${orgName}`}
        rows={members}
        // A new role remounts the row: its select shows the role the server now has.
        rowKey={(m) => `${m.userId}:${m.role}`}
        columns={[
          {
            key: 'name',
            header: 'Name',
            cell: (m) => (
              <>
                {m.name ?? '—'}
                {m.isYou && <span className="ml-2 text-xs text-slate-500">(you)</span>}
              </>
            ),
          },
          { key: 'email', header: 'Email', cell: (m) => m.email },
          { key: 'role', header: 'Role', cell: (m) => <RoleCell member={m} {...cellProps} /> },
          { key: 'joined', header: 'Joined', className: 'text-slate-600', cell: (m) => m.joinedOn },
          {
            key: 'actions',
            header: <span className="sr-only">Actions</span>,
            align: 'right',
            cell: (m) => <ActionsCell member={m} {...cellProps} />,
          },
        ]}
      />
    </div>
  )
}
