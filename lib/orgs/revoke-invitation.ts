/**
 * Revoking an open invitation: its link stops working at once. Owners and admins may revoke;
 * an invitation to become owner can only be revoked by an owner. Revoking twice is harmless;
 * an invitation already accepted cannot be revoked (remove the member instead).
 */
import { db } from '../db'
import { recordAudit } from '../audit/record-audit'
import { AppError } from '../errors/app-error'
import { requireOrgRole } from './authorize'
import { auditRequest, type RequestMeta } from '../errors/input'
import { assignableRoles, rolesWith } from './roles'

export const INVITATION_NOT_IN_ORG_MESSAGE = 'Invitation not found'

export async function revokeInvitation(
  input: { orgId: string; actorUserId: string; invitationId: string },
  meta?: RequestMeta,
): Promise<{ id: string; revokedAt: Date }> {
  const { membership: actor } = await requireOrgRole({ orgId: input.orgId, userId: input.actorUserId, roles: rolesWith('manage') })
  const invitation = await db.invitation.findFirst({
    where: { id: input.invitationId, orgId: input.orgId },
    select: { id: true, email: true, role: true, acceptedAt: true, revokedAt: true },
  })
  if (!invitation) throw new AppError('NOT_FOUND', INVITATION_NOT_IN_ORG_MESSAGE)
  if (!assignableRoles(actor.role).includes(invitation.role))
    throw new AppError('FORBIDDEN', 'Only owners can revoke an invitation to become owner')
  if (invitation.revokedAt) return { id: invitation.id, revokedAt: invitation.revokedAt }
  if (invitation.acceptedAt) throw new AppError('CONFLICT', 'This invitation has already been accepted: remove the member instead')

  return db.$transaction(async (tx) => {
    const now = new Date()
    const { count } = await tx.invitation.updateMany({
      where: { id: invitation.id, acceptedAt: null, revokedAt: null },
      data: { revokedAt: now },
    })
    if (count === 0) throw new AppError('CONFLICT', 'This invitation was accepted or revoked meanwhile')
    await recordAudit(
      {
        action: 'org.invitation.revoked',
        actorType: 'USER',
        actorUserId: input.actorUserId,
        orgId: input.orgId,
        targetType: 'invitation',
        targetId: invitation.id,
        before: { email: invitation.email, role: invitation.role },
        ...auditRequest(meta),
      },
      tx,
    )
    return { id: invitation.id, revokedAt: now }
  })
}
