/**
 * The members page: every member of the organization with role and join date, owners first.
 * Any member may see the list; a user outside the organization gets NOT_FOUND.
 */
import { db, type MemberRole } from '../db'
import { requireOrgRole } from './authorize'

export interface MemberSummary {
  /** The membership id. */
  id: string
  /** The member's user id (what changeMemberRole and removeMember take). */
  userId: string
  email: string
  name: string | null
  role: MemberRole
  joinedAt: Date
  isYou: boolean
}

export async function listMembers(input: { orgId: string; userId: string }): Promise<MemberSummary[]> {
  await requireOrgRole({ orgId: input.orgId, userId: input.userId })
  const rows = await db.membership.findMany({
    where: { orgId: input.orgId },
    select: { id: true, role: true, createdAt: true, user: { select: { id: true, email: true, name: true } } },
    // MemberRole is a PostgreSQL enum declared OWNER, ADMIN, MEMBER: ascending puts owners first.
    orderBy: [{ role: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }],
  })
  return rows.map((row) => ({
    id: row.id,
    userId: row.user.id,
    email: row.user.email,
    name: row.user.name,
    role: row.role,
    joinedAt: row.createdAt,
    isYou: row.user.id === input.userId,
  }))
}
