import type { Metadata } from 'next'
import { requireOrgPage } from '@/app/_server/org'
import { listMembers } from '@/lib/orgs/list-members'
import { ROLE_LABELS } from '@/lib/orgs/authorize'
import { listInvitations } from '@/lib/orgs/list-invitations'
import { InviteForm } from '@/components/dashboard/invite-form'

export const metadata: Metadata = { title: 'Members' }

export default async function MembersPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params
  const { user, org, membership } = await requireOrgPage(slug)
  const members = await listMembers({ orgId: org.id, userId: user.id })
  const canInvite = membership.role === 'OWNER' || membership.role === 'ADMIN'
  const invitations = canInvite ? await listInvitations({ orgId: org.id, userId: user.id }) : []
  const roles = (membership.role === 'OWNER' ? (['MEMBER', 'ADMIN', 'OWNER'] as const) : (['MEMBER', 'ADMIN'] as const)).map((r) => ({ value: r, label: ROLE_LABELS[r] }))
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Members</h1>
      <table className="w-full overflow-hidden rounded-lg bg-white text-left text-sm ring-1 ring-slate-200">
        <caption className="sr-only">Members of {org.name}</caption>
        <thead className="bg-slate-50 text-slate-500">
          <tr>
            <th scope="col" className="px-4 py-2 font-medium">Name</th>
            <th scope="col" className="px-4 py-2 font-medium">Email</th>
            <th scope="col" className="px-4 py-2 font-medium">Role</th>
            <th scope="col" className="px-4 py-2 font-medium">Joined</th>
          </tr>
        </thead>
        <tbody>
          {members.map((m) => (
            <tr key={m.id} className="border-t border-slate-100">
              <td className="px-4 py-2">
                {m.name ?? '—'}
                {m.isYou && <span className="ml-2 text-xs text-slate-500">(you)</span>}
              </td>
              <td className="px-4 py-2">{m.email}</td>
              <td className="px-4 py-2">{ROLE_LABELS[m.role]}</td>
              <td className="px-4 py-2 text-slate-600">{m.joinedAt.toISOString().slice(0, 10)}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {canInvite && <InviteForm orgSlug={org.slug} roles={roles} />}
      {invitations.length > 0 && (
        <section aria-labelledby="open-invitations">
          <h2 id="open-invitations" className="font-semibold">
            Open invitations
          </h2>
          <ul className="mt-2 divide-y divide-slate-100 rounded-lg bg-white text-sm ring-1 ring-slate-200">
            {invitations.map((i) => (
              <li key={i.id} className="flex justify-between px-4 py-2">
                <span>
                  {i.email} · {ROLE_LABELS[i.role]}
                </span>
                <span className="text-slate-500">expires {i.expiresAt.toISOString().slice(0, 10)}</span>
              </li>
            ))}
          </ul>
        </section>
      )}
    </div>
  )
}
