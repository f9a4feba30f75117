/**
 * Removing a member. Owners may remove anyone; admins may remove members and admins but not
 * owners. The last owner cannot be removed (checked under the owner lock, see owner-lock.ts).
 */
import { db } from '../db'
import { recordAudit } from '../audit/record-audit'
import { AppError } from '../errors/app-error'
import { requireOrgRole } from './authorize'
import { ADMIN_OWNER_MESSAGE, MEMBER_NOT_FOUND_MESSAGE } from './change-member-role'
import { auditRequest, type RequestMeta } from '../errors/input'
import { canManageMember, rolesWith } from './roles'
import { assertAnotherOwner, LAST_OWNER_MESSAGES, lockOwnerMemberships } from './owner-lock'

export async function removeMember(
  input: { orgId: string; actorUserId: string; /** The user whose membership ends. */ memberUserId: string },
  meta?: RequestMeta,
): Promise<{ id: string; userId: string }> {
  return db.$transaction(async (tx) => {
    const ownerIds = await lockOwnerMemberships(tx, input.orgId)
    const { membership: actor } = await requireOrgRole({ orgId: input.orgId, userId: input.actorUserId, roles: rolesWith('manage') }, tx)
    const target = await tx.membership.findFirst({
      where: { orgId: input.orgId, userId: input.memberUserId },
      select: { id: true, userId: true, role: true, user: { select: { email: true } } },
    })
    if (!target) throw new AppError('NOT_FOUND', MEMBER_NOT_FOUND_MESSAGE)
    if (!canManageMember(actor.role, target.role)) throw new AppError('FORBIDDEN', ADMIN_OWNER_MESSAGE)
    assertAnotherOwner(ownerIds, target.id, LAST_OWNER_MESSAGES.remove)

    await tx.membership.delete({ where: { id: target.id } })
    await recordAudit(
      {
        action: 'org.member.removed',
        actorType: 'USER',
        actorUserId: input.actorUserId,
        orgId: input.orgId,
        targetType: 'membership',
        targetId: target.id,
        before: { userId: target.userId, email: target.user.email, role: target.role },
        ...auditRequest(meta),
      },
      tx,
    )
    return { id: target.id, userId: target.userId }
  })
}
