/**
 * The open invitations of an organization (not accepted, not revoked, not expired), newest
 * first, for owners and admins. Token hashes never leave the domain.
 */
import { db, type MemberRole } from '../db'
import { requireOrgRole } from './authorize'
import { openInvitationWhere } from './invitation-token'
import { rolesWith } from './roles'

export interface InvitationSummary {
  id: string
  email: string
  role: MemberRole
  expiresAt: Date
  createdAt: Date
  invitedBy: { name: string | null; email: string } | null
}

export async function listInvitations(input: { orgId: string; userId: string }): Promise<InvitationSummary[]> {
  await requireOrgRole({ orgId: input.orgId, userId: input.userId, roles: rolesWith('manage') })
  const rows = await db.invitation.findMany({
    where: { orgId: input.orgId, ...openInvitationWhere() },
    select: { id: true, email: true, role: true, expiresAt: true, createdAt: true, invitedBy: { select: { name: true, email: true } } },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
  })
  return rows.map((row) => ({ ...row, invitedBy: row.invitedBy ? { name: row.invitedBy.name, email: row.invitedBy.email } : null }))
}
