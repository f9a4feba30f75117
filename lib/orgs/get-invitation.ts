/**
 * What the accept page shows for an invitation link, before anyone signs in: the token is the
 * credential, so whoever holds it may see which organization invites which address, as what.
 */
import { asSystem, db, type MemberRole } from '../db'
import { AppError } from '../errors/app-error'
import {
  hashInvitationToken,
  INVITATION_NOT_FOUND_MESSAGE,
  invitationStatus,
  isInvitationTokenShaped,
  type InvitationStatus,
} from './invitation-token'

export interface InvitationDescription {
  orgName: string
  email: string
  role: MemberRole
  expiresAt: Date
  status: InvitationStatus
}

export async function describeInvitation(token: string): Promise<InvitationDescription> {
  if (!isInvitationTokenShaped(token)) throw new AppError('NOT_FOUND', INVITATION_NOT_FOUND_MESSAGE)
  // The token is the capability that names its organization (row-level security's system scope for this one read).
  const invitation = await asSystem('an invitation token names its organization', () =>
    db.invitation.findUnique({
      where: { tokenHash: hashInvitationToken(token) },
      select: { email: true, role: true, expiresAt: true, acceptedAt: true, revokedAt: true, org: { select: { name: true } } },
    }),
  )
  if (!invitation) throw new AppError('NOT_FOUND', INVITATION_NOT_FOUND_MESSAGE)
  return {
    orgName: invitation.org.name,
    email: invitation.email,
    role: invitation.role,
    expiresAt: invitation.expiresAt,
    status: invitationStatus(invitation),
  }
}
