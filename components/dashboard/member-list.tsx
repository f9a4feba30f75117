'use client'

// The members table with its actions: owners and admins change roles and remove members, anyone
// leaves. Every action asks for confirmation first; the server decides (the last owner is refused
// there, and its message is shown here).
import { useRouter } from 'next/navigation'
import { useState } from 'react'
import { Alert } from '@/components/ui/alert'
import { Button } from '@/components/ui/button'
import { ConfirmDialog } from '@/components/ui/confirm-dialog'
import { requestJson, type ApiResult } from '@/components/auth/post-json'

type Role = 'OWNER' | 'ADMIN' | 'MEMBER'

export interface MemberRow {
  userId: string
  email: string
  name: string | null
  role: Role
  joinedOn: string
  isYou: boolean
}

type Pending = { kind: 'role'; member: MemberRow; role: Role } | { kind: 'remove'; member: MemberRow } | { kind: 'leave' }

export function MemberList({
  orgSlug,
  orgName,
  viewerRole,
  members,
  roleLabels,
}: {
  orgSlug: string
  orgName: string
  viewerRole: Role
  members: MemberRow[]
  roleLabels: Record<Role, string>
}) {
  const router = useRouter()
  const [confirming, setConfirming] = useState<Pending | null>(null)
  const [busy, setBusy] = useState(false)
  const [feedback, setFeedback] = useState<{ tone: 'success' | 'error'; text: string } | null>(null)

  const isManager = viewerRole === 'OWNER' || viewerRole === 'ADMIN'
  const assignable: Role[] = viewerRole === 'OWNER' ? ['OWNER', 'ADMIN', 'MEMBER'] : ['ADMIN', 'MEMBER']
  const canChangeRole = (m: MemberRow) => viewerRole === 'OWNER' || (viewerRole === 'ADMIN' && m.role !== 'OWNER')
  const canRemove = (m: MemberRow) => !m.isYou && canChangeRole(m)
  const who = (m: MemberRow) => m.name ?? m.email

  async function confirm() {
    if (!confirming) return
    setBusy(true)
    let result: ApiResult<unknown>
    let done: string
    const base = `/api/orgs/${encodeURIComponent(orgSlug)}`
    if (confirming.kind === 'role') {
      result = await requestJson(`${base}/members/${encodeURIComponent(confirming.member.userId)}`, {
        method: 'PATCH',
        body: { role: confirming.role },
      })
      done = `${who(confirming.member)} is now ${article(roleLabels[confirming.role])}.`
    } else if (confirming.kind === 'remove') {
      result = await requestJson(`${base}/members/${encodeURIComponent(confirming.member.userId)}`, { method: 'DELETE' })
      done = `${who(confirming.member)} was removed from ${orgName}.`
    } else {
      result = await requestJson(`${base}/membership`, { method: 'DELETE' })
      done = `You left ${orgName}.`
    }
    setBusy(false)
    setConfirming(null)
    setFeedback(result.ok ? { tone: 'success', text: done } : { tone: 'error', text: result.message })
    if (result.ok && confirming.kind === 'leave') return router.push('/dashboard')
    router.refresh()
  }

  return (
    <div className="space-y-3">
      {feedback && <Alert tone={feedback.tone}>{feedback.text}</Alert>}
      <table className="w-full overflow-hidden rounded-lg bg-white text-left text-sm ring-1 ring-slate-200">
        <caption className="sr-only">Members of {orgName}</caption>
        <thead className="bg-slate-50 text-slate-500">
          <tr>
            <th scope="col" className="px-4 py-2 font-medium">
              Name
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              Email
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              Role
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              Joined
            </th>
            <th scope="col" className="px-4 py-2 font-medium">
              <span className="sr-only">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.userId} className="border-t border-slate-100">
              <td className="px-4 py-2">
                {m.name ?? '—'}
                {m.isYou && <span className="ml-2 text-xs text-slate-500">(you)</span>}
              </td>
              <td className="px-4 py-2">{m.email}</td>
              <td className="px-4 py-2">
                {isManager && canChangeRole(m) ? (
                  <label>
                    <span className="sr-only">Role of {m.email}</span>
                    <select
                      value={m.role}
                      disabled={busy}
                      onChange={(e) => setConfirming({ kind: 'role', member: m, role: e.target.value as Role })}
                      className="rounded-md border border-slate-300 px-2 py-1"
                    >
                      {(assignable.includes(m.role) ? assignable : [m.role, ...assignable]).map((role) => (
                        <option key={role} value={role}>
                          {roleLabels[role]}
                        </option>
                      ))}
                    </select>
                  </label>
                ) : (
                  roleLabels[m.role]
                )}
              </td>
              <td className="px-4 py-2 text-slate-600">{m.joinedOn}</td>
              <td className="px-4 py-2 text-right">
                {isManager && canRemove(m) && (
                  <Button
                    type="button"
                    variant="secondary"
                    aria-label={`Remove ${m.email}`}
                    disabled={busy}
                    onClick={() => setConfirming({ kind: 'remove', member: m })}
                  >
                    Remove
                  </Button>
                )}
                {m.isYou && (
                  <Button type="button" variant="secondary" disabled={busy} onClick={() => setConfirming({ kind: 'leave' })}>
                    Leave organization
                  </Button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>

      <ConfirmDialog
        open={confirming !== null}
        pending={busy}
        tone={confirming?.kind === 'role' ? 'primary' : 'danger'}
        title={
          confirming?.kind === 'role'
            ? `Change the role of ${who(confirming.member)}?`
            : confirming?.kind === 'remove'
              ? `Remove ${who(confirming.member)}?`
              : `Leave ${orgName}?`
        }
        confirmLabel={confirming?.kind === 'role' ? 'Change role' : confirming?.kind === 'remove' ? 'Remove member' : 'Leave organization'}
        onConfirm={() => void confirm()}
        onCancel={() => setConfirming(null)}
      >
        {confirming?.kind === 'role' && (
          <p>
            {confirming.member.email} becomes {article(roleLabels[confirming.role])} of {orgName}
            {confirming.member.isYou ? ': you are changing your own role.' : '.'}
          </p>
        )}
        {confirming?.kind === 'remove' && (
          <p>
            {confirming.member.email} loses access to {orgName} at once. You can invite them again later.
          </p>
        )}
        {confirming?.kind === 'leave' && <p>You lose access to {orgName} at once. An owner or admin can invite you again.</p>}
      </ConfirmDialog>
    </div>
  )
}

function article(label: string): string {
  return `${/^[aeiou]/i.test(label) ? 'an' : 'a'} ${label.toLowerCase()}`
}
