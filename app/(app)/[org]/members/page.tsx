import type { Metadata } from 'next'
import { requireOrgPage } from '@/app/_server/org'
import { listMembers } from '@/lib/orgs/list-members'
import { assignableRoles, can, ROLE_LABELS } from '@/lib/orgs/roles'
import { listInvitations } from '@/lib/orgs/list-invitations'
import { InviteForm } from '@/components/dashboard/invite-form'
import { MemberList } from '@/components/dashboard/member-list'
import { Section } from '@/components/ui/section'
import { isoDay } from '@/lib/format'

export const metadata: Metadata = { title: 'Members' }

export default async function MembersPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params
  const { user, org, membership } = await requireOrgPage(slug)
  const members = await listMembers({ orgId: org.id, userId: user.id })
  const canInvite = can(membership.role, 'manage')
  const invitations = canInvite ? await listInvitations({ orgId: org.id, userId: user.id }) : []
  // Lowest first: the invitation's default, Member, at the top.
  const roles = [...assignableRoles(membership.role)].reverse().map((r) => ({ value: r, label: ROLE_LABELS[r] }))
  return (
    <div className="space-y-4">
      <h1 className="text-2xl font-semibold">Members</h1>
      <MemberList
        orgSlug={org.slug}
        orgName={org.name}
        viewerRole={membership.role}
        members={members.map((m) => ({
          userId: m.userId,
          email: m.email,
          name: m.name,
          role: m.role,
          joinedOn: isoDay(m.joinedAt),
          isYou: m.isYou,
        }))}
      />
      {canInvite && <InviteForm orgSlug={org.slug} roles={roles} />}
      {invitations.length > 0 && (
        <Section title="Open invitations" id="open-invitations" padding={4}>
          <ul className="divide-y divide-slate-100 text-sm">
            {invitations.map((i) => (
              <li key={i.id} className="flex justify-between py-2">
                <span>
                  {i.email} · {ROLE_LABELS[i.role]}
                </span>
                <span className="text-slate-500">expires {isoDay(i.expiresAt)}</span>
              </li>
            ))}
          </ul>
        </Section>
      )}
    </div>
  )
}
