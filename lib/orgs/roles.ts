/**
 * Who may do what in an organization: the one source for the use cases (which pass the roles to
 * `requireOrgRole`) and the pages (which show a form or a button only to those who may use it).
 */
import type { MemberRole } from '../db'

export const ROLE_LABELS: Record<MemberRole, string> = { OWNER: 'Owner', ADMIN: 'Admin', MEMBER: 'Member' }

/** Every role, highest first. */
export const ROLES: readonly MemberRole[] = ['OWNER', 'ADMIN', 'MEMBER']

export type Permission =
  /** Read the organization's pages: instance, usage, invoices, members. */
  | 'read'
  /** Rename, custom domain, invitations, members, retry, credentials, manifests, checkout, portal, plan change. */
  | 'manage'
  /** The subscription itself (activate, pause, cancel) and deleting the organization. */
  | 'own'

const PERMISSION_ROLES: Record<Permission, readonly MemberRole[]> = {
  read: ['OWNER', 'ADMIN', 'MEMBER'],
  manage: ['OWNER', 'ADMIN'],
  own: ['OWNER'],
}

/** The roles holding `permission`, for `requireOrgRole({ roles })`. */
export function rolesWith(permission: Permission): readonly MemberRole[] {
  return PERMISSION_ROLES[permission]
}

export function can(role: MemberRole, permission: Permission): boolean {
  return PERMISSION_ROLES[permission].includes(role)
}

/** The roles `actor` may give to someone (an invitation or a role change): owners any, admins not owner. */
export function assignableRoles(actor: MemberRole): MemberRole[] {
  if (actor === 'OWNER') return [...ROLES]
  if (actor === 'ADMIN') return ['ADMIN', 'MEMBER']
  return []
}

/** Whether `actor` may change or remove a member who has role `target` (owners are managed by owners only). */
export function canManageMember(actor: MemberRole, target: MemberRole): boolean {
  return can(actor, 'manage') && (actor === 'OWNER' || target !== 'OWNER')
}
