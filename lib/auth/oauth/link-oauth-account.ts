/**
 * Who an OAuth sign-in is: the user already linked to this provider account; else the user whose
 * email the provider verified (the account is linked to it); else a new user with that verified
 * email. An address the provider did not verify is never used to find or create anyone.
 *
 * Linking to a local account whose address was never verified here is a takeover risk: whoever
 * signed up with someone else's address could then sign in with the password they chose. The
 * provider's verification proves who owns the address, so such an account is claimed: the
 * password nobody proved is removed, its sessions end, and the address counts as verified.
 */
import { cleanDisplayName } from '../../text/display-text'
import { db } from '../../db'
import { recordAudit } from '../../audit/record-audit'
import { AppError } from '../../errors/app-error'
import { auditRequest, EMAIL_MAX_LENGTH, isUniqueViolation, NAME_MAX_LENGTH, type AuthContext } from '../input'
import type { OAuthProfile, OAuthProviderId } from './provider'

export type OAuthRefusal = 'unverified-email' | 'disabled'

/** A sign-in the provider allowed but we refuse; `reason` picks the message the sign-in page shows. */
export class OAuthRefusedError extends AppError {
  constructor(readonly reason: OAuthRefusal) {
    super('FORBIDDEN', OAUTH_REFUSAL_MESSAGES[reason])
  }
}

export const OAUTH_REFUSAL_MESSAGES: Record<OAuthRefusal, string> = {
  'unverified-email': 'Your account there has no verified email address. Verify one with the provider, or sign up with email and password.',
  disabled: 'This account is disabled.',
}

export async function linkOAuthAccount(
  input: { provider: OAuthProviderId; profile: OAuthProfile },
  ctx: AuthContext = {},
  attempt = 1,
): Promise<{ userId: string; isNewUser: boolean }> {
  const { provider, profile } = input
  const linked = await db.account.findUnique({
    where: { provider_providerAccountId: { provider, providerAccountId: profile.providerAccountId } },
    select: { user: { select: { id: true, disabledAt: true } } },
  })
  if (linked) {
    if (linked.user.disabledAt) throw new OAuthRefusedError('disabled')
    return { userId: linked.user.id, isNewUser: false }
  }
  if (!profile.isEmailVerified || !profile.email || profile.email.length > EMAIL_MAX_LENGTH) throw new OAuthRefusedError('unverified-email')
  const email = profile.email

  try {
    return await db.$transaction(async (tx) => {
      const now = new Date()
      const existing = await tx.user.findUnique({ where: { email }, select: { id: true, disabledAt: true, emailVerifiedAt: true } })
      if (existing?.disabledAt) throw new OAuthRefusedError('disabled')
      const user =
        existing ??
        (await tx.user.create({
          data: { email, name: cleanDisplayName(profile.name, NAME_MAX_LENGTH) ?? null, emailVerifiedAt: now },
          select: { id: true, disabledAt: true, emailVerifiedAt: true },
        }))
      const isClaimed = Boolean(existing && !existing.emailVerifiedAt)
      if (isClaimed) {
        await tx.user.update({ where: { id: user.id }, data: { emailVerifiedAt: now, passwordHash: null } })
        await tx.session.deleteMany({ where: { userId: user.id } })
      }
      await tx.account.create({ data: { userId: user.id, type: 'oauth', provider, providerAccountId: profile.providerAccountId } })
      await recordAudit(
        {
          action: existing ? 'auth.oauth.linked' : 'auth.sign_up',
          actorType: 'USER',
          actorUserId: user.id,
          targetType: 'User',
          targetId: user.id,
          reason: isClaimed
            ? 'unverified local account claimed by the verified owner of the address: password removed, sessions ended'
            : undefined,
          after: { email, provider, providerAccountId: profile.providerAccountId, method: provider },
          ...auditRequest(ctx),
        },
        tx,
      )
      return { userId: user.id, isNewUser: !existing }
    })
  } catch (error) {
    // A concurrent first sign-in with the same provider account (or address) won: use what it made.
    if (isUniqueViolation(error) && attempt === 1) return linkOAuthAccount(input, ctx, 2)
    throw error
  }
}
