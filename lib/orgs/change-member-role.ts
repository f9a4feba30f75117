/**
 * Changing a member's role. Owners may set any role; admins may only move people between MEMBER
 * and ADMIN (they can neither make an owner nor touch one). The last owner cannot be demoted:
 * the check and the update run in one transaction holding the owner memberships' locks
 * (see owner-lock.ts), so two owners demoting each other at once leave one owner, not zero.
 */
import { z } from 'zod'
import { db, type MemberRole } from '../db'
import { recordAudit } from '../audit/record-audit'
import { AppError } from '../errors/app-error'
import { requireOrgRole } from './authorize'
import { auditRequest, parseInput, type RequestMeta } from '../errors/input'
import { assignableRoles, canManageMember, rolesWith } from './roles'
import { assertAnotherOwner, LAST_OWNER_MESSAGES, lockOwnerMemberships } from './owner-lock'

export const MEMBER_NOT_FOUND_MESSAGE = 'Member not found'
export const ADMIN_OWNER_MESSAGE = 'Only owners can make someone an owner or change the role of an owner'

export const memberRoleSchema = z.enum(['OWNER', 'ADMIN', 'MEMBER'], { message: 'Choose owner, admin or member' })

export interface MemberRoleChange {
  id: string
  userId: string
  role: MemberRole
}

export async function changeMemberRole(
  input: { orgId: string; actorUserId: string; /** The user whose membership changes. */ memberUserId: string; role: MemberRole },
  meta?: RequestMeta,
): Promise<MemberRoleChange> {
  const { role } = parseInput(z.object({ role: memberRoleSchema }), { role: input.role })

  return db.$transaction(async (tx) => {
    const ownerIds = await lockOwnerMemberships(tx, input.orgId)
    const { membership: actor } = await requireOrgRole({ orgId: input.orgId, userId: input.actorUserId, roles: rolesWith('manage') }, tx)
    const target = await tx.membership.findFirst({
      where: { orgId: input.orgId, userId: input.memberUserId },
      select: { id: true, userId: true, role: true },
    })
    if (!target) throw new AppError('NOT_FOUND', MEMBER_NOT_FOUND_MESSAGE)
    if (target.role === role) return target
    if (!canManageMember(actor.role, target.role) || !assignableRoles(actor.role).includes(role))
      throw new AppError('FORBIDDEN', ADMIN_OWNER_MESSAGE)
    if (target.role === 'OWNER') assertAnotherOwner(ownerIds, target.id, LAST_OWNER_MESSAGES.demote)

    const updated = await tx.membership.update({ where: { id: target.id }, data: { role }, select: { id: true, userId: true, role: true } })
    await recordAudit(
      {
        action: 'org.member.role_changed',
        actorType: 'USER',
        actorUserId: input.actorUserId,
        orgId: input.orgId,
        targetType: 'membership',
        targetId: target.id,
        before: { userId: target.userId, role: target.role },
        after: { userId: updated.userId, role: updated.role },
        ...auditRequest(meta),
      },
      tx,
    )
    return updated
  })
}
