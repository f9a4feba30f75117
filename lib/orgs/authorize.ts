/**
 * Access to an organization is a membership row: the queries below look up the membership of
 * THIS user in THAT organization (the user id is in the WHERE), so an organization the user does
 * not belong to is never loaded. No such organization and not a member give the same NOT_FOUND,
 * so nobody learns which organizations exist; a member without the required role gets FORBIDDEN.
 */
import { db, type MemberRole, type Prisma } from '../db'
import { AppError } from '../errors/app-error'
import { ROLE_LABELS } from './roles'

export const ORG_NOT_FOUND_MESSAGE = 'Organization not found'

export interface OrgAccess {
  org: { id: string; name: string; slug: string; deletionScheduledFor: Date | null }
  membership: { id: string; role: MemberRole }
}

export interface UserOrganization {
  id: string
  name: string
  slug: string
  role: MemberRole
}

type Reader = Pick<typeof db, 'membership'>

const accessSelect = {
  id: true,
  role: true,
  org: { select: { id: true, name: true, slug: true, deletionScheduledFor: true } },
} satisfies Prisma.MembershipSelect

function toAccess(
  row: { id: string; role: MemberRole; org: OrgAccess['org'] } | null,
  roles: readonly MemberRole[] | undefined,
): OrgAccess {
  if (!row) throw new AppError('NOT_FOUND', ORG_NOT_FOUND_MESSAGE)
  if (roles && !roles.includes(row.role)) throw new AppError('FORBIDDEN', forbiddenMessage(roles))
  return { org: { ...row.org }, membership: { id: row.id, role: row.role } }
}

function forbiddenMessage(roles: readonly MemberRole[]): string {
  const names = roles.map((role) => `${ROLE_LABELS[role].toLowerCase()}s`)
  const list = names.length > 1 ? `${names.slice(0, -1).join(', ')} and ${names.at(-1)}` : names[0]
  return `Only ${list} of this organization can do this`
}

/** The organization at `orgSlug` as `userId` may see it; `roles` restricts to those roles. */
export async function requireMembership(options: { orgSlug: string; userId: string; roles?: readonly MemberRole[] }): Promise<OrgAccess> {
  const row = await db.membership.findFirst({
    where: { userId: options.userId, org: { slug: options.orgSlug } },
    select: accessSelect,
  })
  return toAccess(row, options.roles)
}

/** The same check by organization id, for the use cases (they receive `orgId`). Pass a transaction to read inside it. */
export async function requireOrgRole(
  options: { orgId: string; userId: string; roles?: readonly MemberRole[] },
  client: Reader = db,
): Promise<OrgAccess> {
  const row = await client.membership.findUnique({
    where: { orgId_userId: { orgId: options.orgId, userId: options.userId } },
    select: accessSelect,
  })
  return toAccess(row, options.roles)
}

/** The organizations of the switcher, by name. */
export async function listUserOrganizations(userId: string): Promise<UserOrganization[]> {
  const rows = await db.membership.findMany({
    where: { userId },
    select: { role: true, org: { select: { id: true, name: true, slug: true } } },
    orderBy: [{ org: { name: 'asc' } }, { org: { slug: 'asc' } }],
  })
  return rows.map((row) => ({ id: row.org.id, name: row.org.name, slug: row.org.slug, role: row.role }))
}
