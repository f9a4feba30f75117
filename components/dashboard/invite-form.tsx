'use client'

// Members → Invite a member, on its server action: works without JavaScript and with it.
import { ActionField, ActionForm, SubmitButton, useFormField } from '@/components/ui/action-form'
import { createInvitationAction } from '@/app/_actions/orgs/create-invitation'

type RoleOption = { value: string; label: string }

/** The role to give, kept after a refusal (React resets a form once its action has run). */
function RoleSelect({ roles }: { roles: RoleOption[] }) {
  const { value, error } = useFormField('role', 'MEMBER')
  return (
    <label className="block text-sm">
      <span className="block font-medium text-slate-800">Role</span>
      <select key={value} name="role" defaultValue={value} className="mt-1 rounded-md border border-slate-300 px-2 py-2">
        {roles.map((r) => (
          <option key={r.value} value={r.value}>
            {r.label}
          </option>
        ))}
      </select>
      {error && (
        <span role="alert" className="mt-1 block text-red-600">
          {error.join(' ')}
        </span>
      )}
    </label>
  )
}

export function InviteForm({ orgSlug, roles }: { orgSlug: string; roles: RoleOption[] }) {
  return (
    <ActionForm
      action={createInvitationAction}
      success={(invitation) => `Invitation sent to ${invitation.email}.`}
      aria-label="Invite a member"
      className="space-y-3 rounded-lg bg-white p-4 ring-1 ring-slate-200"
    >
      <h2 className="font-semibold">Invite a member</h2>
      <input type="hidden" name="org" value={orgSlug} />
      <div className="grid gap-3 sm:grid-cols-[1fr_auto_auto] sm:items-end">
        <ActionField label="Email address" name="email" type="email" required />
        <RoleSelect roles={roles} />
        <SubmitButton pendingLabel="Sending…">Send invitation</SubmitButton>
      </div>
    </ActionForm>
  )
}
