/**
 * Accepting an invitation with the token from its link. The signed-in user's email must be the
 * invited address. The invitation is claimed with one conditional UPDATE (still open → accepted),
 * so it works once even when the link is clicked twice; the membership is created in the same
 * transaction with the invited role.
 */
import { asSystem, db, withDbScope, type MemberRole } from '../db'
import { recordAudit } from '../audit/record-audit'
import { AppError } from '../errors/app-error'
import { auditRequest, isUniqueViolation, type RequestMeta } from '../errors/input'
import {
  hashInvitationToken,
  INVITATION_NOT_FOUND_MESSAGE,
  invitationStatus,
  isInvitationTokenShaped,
  openInvitationWhere,
  type InvitationStatus,
} from './invitation-token'

export interface AcceptedInvitation {
  orgId: string
  orgSlug: string
  role: MemberRole
}

export const INVITATION_GONE_MESSAGES: Record<Exclude<InvitationStatus, 'pending'>, string> = {
  accepted: 'This invitation has already been used',
  revoked: 'This invitation was revoked: ask for a new one',
  expired: 'This invitation has expired: ask for a new one',
}

export function wrongEmailMessage(invitedEmail: string): string {
  return `This invitation was sent to ${invitedEmail}. Sign in with that email address to accept it.`
}

export async function acceptInvitation(input: { token: string; userId: string }, meta?: RequestMeta): Promise<AcceptedInvitation> {
  if (!isInvitationTokenShaped(input.token)) throw new AppError('NOT_FOUND', INVITATION_NOT_FOUND_MESSAGE)
  // The token is the capability: it names its organization, whose scope the rest runs in.
  const invitation = await asSystem('an invitation token names its organization', () =>
    db.invitation.findUnique({
      where: { tokenHash: hashInvitationToken(input.token) },
      select: {
        id: true,
        orgId: true,
        email: true,
        role: true,
        acceptedAt: true,
        revokedAt: true,
        expiresAt: true,
        org: { select: { slug: true, deletionScheduledFor: true } },
      },
    }),
  )
  if (!invitation) throw new AppError('NOT_FOUND', INVITATION_NOT_FOUND_MESSAGE)
  const status = invitationStatus(invitation)
  if (status !== 'pending') throw new AppError('GONE', INVITATION_GONE_MESSAGES[status])

  const user = await db.user.findUnique({ where: { id: input.userId }, select: { email: true } })
  if (!user) throw new AppError('UNAUTHENTICATED', 'Sign in to accept this invitation')
  if (user.email.toLowerCase() !== invitation.email) throw new AppError('FORBIDDEN', wrongEmailMessage(invitation.email))
  if (invitation.org.deletionScheduledFor)
    throw new AppError('CONFLICT', 'This organization is scheduled for deletion and cannot take new members')

  try {
    return await withDbScope({ orgId: invitation.orgId, userId: input.userId }, () =>
      db.$transaction(async (tx) => {
        const now = new Date()
        const claimed = await tx.invitation.updateMany({
          where: { id: invitation.id, ...openInvitationWhere(now) },
          data: { acceptedAt: now },
        })
        if (claimed.count === 0) {
          const current = await tx.invitation.findUniqueOrThrow({
            where: { id: invitation.id },
            select: { acceptedAt: true, revokedAt: true, expiresAt: true },
          })
          const reason = invitationStatus(current, now)
          throw new AppError('GONE', INVITATION_GONE_MESSAGES[reason === 'pending' ? 'accepted' : reason])
        }
        // Someone who joined meanwhile (another invitation) keeps the role they have.
        const existing = await tx.membership.findUnique({
          where: { orgId_userId: { orgId: invitation.orgId, userId: input.userId } },
          select: { id: true, role: true },
        })
        const membership =
          existing ??
          (await tx.membership.create({
            data: { orgId: invitation.orgId, userId: input.userId, role: invitation.role },
            select: { id: true, role: true },
          }))
        await recordAudit(
          {
            action: 'org.invitation.accepted',
            actorType: 'USER',
            actorUserId: input.userId,
            orgId: invitation.orgId,
            targetType: 'invitation',
            targetId: invitation.id,
            after: { email: invitation.email, membershipId: membership.id, role: membership.role, wasAlreadyMember: Boolean(existing) },
            ...auditRequest(meta),
          },
          tx,
        )
        return { orgId: invitation.orgId, orgSlug: invitation.org.slug, role: membership.role }
      }),
    )
  } catch (error) {
    if (isUniqueViolation(error)) throw new AppError('CONFLICT', 'You are already a member of this organization')
    throw error
  }
}
