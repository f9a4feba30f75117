/**
 * A member leaves an organization. The last owner cannot leave (checked under the owner lock,
 * see owner-lock.ts): they make someone else an owner first, or delete the organization.
 */
import { db } from '../db'
import { recordAudit } from '../audit/record-audit'
import { requireOrgRole } from './authorize'
import { auditRequest, type RequestMeta } from '../errors/input'
import { assertAnotherOwner, LAST_OWNER_MESSAGES, lockOwnerMemberships } from './owner-lock'

export async function leaveOrganization(input: { orgId: string; userId: string }, meta?: RequestMeta): Promise<{ orgId: string }> {
  return db.$transaction(async (tx) => {
    const ownerIds = await lockOwnerMemberships(tx, input.orgId)
    const { membership } = await requireOrgRole({ orgId: input.orgId, userId: input.userId }, tx)
    assertAnotherOwner(ownerIds, membership.id, LAST_OWNER_MESSAGES.leave)

    await tx.membership.delete({ where: { id: membership.id } })
    await recordAudit(
      {
        action: 'org.member.left',
        actorType: 'USER',
        actorUserId: input.userId,
        orgId: input.orgId,
        targetType: 'membership',
        targetId: membership.id,
        before: { userId: input.userId, role: membership.role },
        ...auditRequest(meta),
      },
      tx,
    )
    return { orgId: input.orgId }
  })
}
