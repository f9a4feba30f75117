/**
 * Invitation tokens: 32 random bytes, base64url (43 characters), handed out once in the link.
 * Only their SHA-256 is stored, so a copy of the database cannot be used to join organizations.
 */
import crypto from 'node:crypto'

export const INVITATION_TTL_DAYS = 7
export const INVITATION_NOT_FOUND_MESSAGE = 'This invitation link is not valid'

const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/

export function generateInvitationToken(): { token: string; tokenHash: string } {
  const token = crypto.randomBytes(32).toString('base64url')
  return { token, tokenHash: hashInvitationToken(token) }
}

export function hashInvitationToken(token: string): string {
  return crypto.createHash('sha256').update(token, 'utf8').digest('hex')
}

/** Whether `token` has the shape of one of ours (anything else is not looked up). */
export function isInvitationTokenShaped(token: unknown): token is string {
  return typeof token === 'string' && TOKEN_PATTERN.test(token)
}

export type InvitationStatus = 'pending' | 'accepted' | 'revoked' | 'expired'

export function invitationStatus(
  invitation: { acceptedAt: Date | null; revokedAt: Date | null; expiresAt: Date },
  now = new Date(),
): InvitationStatus {
  if (invitation.acceptedAt) return 'accepted'
  if (invitation.revokedAt) return 'revoked'
  if (invitation.expiresAt.getTime() <= now.getTime()) return 'expired'
  return 'pending'
}

/** Prisma filter of invitations that can still be accepted. */
export function openInvitationWhere(now = new Date()) {
  return { acceptedAt: null, revokedAt: null, expiresAt: { gt: now } }
}
