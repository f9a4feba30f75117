/**
 * The provider's redirect back: the state must match the sealed cookie of this browser (same
 * provider, not expired; compared in constant time), the code is exchanged with the PKCE
 * verifier, the profile is read, the user found, linked or created (link-oauth-account.ts), and a
 * new database session starts — a fresh one on every sign-in, as with a password.
 *
 * Every refusal is an OAuthSignInError whose `reason` the sign-in page turns into a message.
 */
import crypto from 'node:crypto'
import { recordAudit } from '../../audit/record-audit'
import { AppError } from '../../errors/app-error'
import { log } from '../../log/logger'
import { unseal } from '../../security/seal'
import { auditRequest, type AuthContext } from '../input'
import { createSession } from '../sessions'
import { OAUTH_STATE_PURPOSE, oauthRedirectUri, type OAuthState } from './begin-oauth-sign-in'
import { findOAuthProvider } from './configured'
import { linkOAuthAccount, OAUTH_REFUSAL_MESSAGES, OAuthRefusedError, type OAuthRefusal } from './link-oauth-account'
import { OAuthProviderError } from './provider'

export type OAuthFailure = OAuthRefusal | 'unavailable' | 'state' | 'denied' | 'provider'

export const OAUTH_FAILURE_MESSAGES: Record<OAuthFailure, string> = {
  ...OAUTH_REFUSAL_MESSAGES,
  unavailable: 'This sign-in method is not available.',
  state: 'That sign-in link expired or was opened in another browser. Start again.',
  denied: 'Sign-in was canceled.',
  provider: 'The provider could not complete the sign-in. Try again in a moment.',
}

export class OAuthSignInError extends AppError {
  constructor(readonly reason: OAuthFailure) {
    super(reason === 'unavailable' ? 'NOT_FOUND' : 'UNAUTHENTICATED', OAUTH_FAILURE_MESSAGES[reason])
  }
}

export interface OAuthCallback {
  providerId: string
  code?: string
  state?: string
  /** The provider's `error` parameter (e.g. access_denied). */
  error?: string
  /** The sealed state cookie of this browser. */
  stateCookie?: string
}

export async function completeOAuthSignIn(
  input: OAuthCallback,
  ctx: AuthContext = {},
  options: { now?: Date } = {},
): Promise<{ userId: string; isNewUser: boolean; sessionToken: string; expires: Date; next: string }> {
  const provider = findOAuthProvider(input.providerId)
  if (!provider) throw new OAuthSignInError('unavailable')
  const saved = openState(input.stateCookie)
  const now = (options.now ?? new Date()).getTime()
  if (input.error) throw new OAuthSignInError('denied')
  if (
    !saved ||
    saved.provider !== provider.id ||
    saved.expiresAt < now ||
    !input.state ||
    !sameText(saved.state, input.state) ||
    !input.code
  ) {
    throw new OAuthSignInError('state')
  }

  let userId: string
  let isNewUser: boolean
  try {
    const accessToken = await provider.exchangeCode({
      code: input.code,
      redirectUri: oauthRedirectUri(provider.id),
      codeVerifier: saved.codeVerifier,
    })
    const profile = await provider.fetchProfile(accessToken)
    ;({ userId, isNewUser } = await linkOAuthAccount({ provider: provider.id, profile }, ctx))
  } catch (error) {
    if (error instanceof OAuthRefusedError) {
      await recordAudit({
        action: 'auth.sign_in.failed',
        actorType: 'USER',
        reason: `oauth_${error.reason}`,
        after: { method: provider.id },
        ...auditRequest(ctx),
      })
      throw new OAuthSignInError(error.reason)
    }
    if (error instanceof OAuthProviderError) {
      log.warn('oauth provider failed', { provider: provider.id, error: error.message, requestId: ctx.requestId })
      throw new OAuthSignInError('provider')
    }
    throw error
  }

  const session = await createSession({ userId, ip: ctx.ip, userAgent: ctx.userAgent })
  await recordAudit({
    action: 'auth.sign_in.succeeded',
    actorType: 'USER',
    actorUserId: userId,
    targetType: 'User',
    targetId: userId,
    after: { method: provider.id },
    ...auditRequest(ctx),
  })
  return { userId, isNewUser, sessionToken: session.sessionToken, expires: session.expires, next: saved.next }
}

function openState(cookie: string | undefined): OAuthState | null {
  if (!cookie) return null
  try {
    const value = JSON.parse(unseal(cookie, OAUTH_STATE_PURPOSE)) as OAuthState
    return typeof value.state === 'string' && typeof value.codeVerifier === 'string' && typeof value.next === 'string' ? value : null
  } catch {
    return null
  }
}

function sameText(a: string, b: string): boolean {
  const left = crypto.createHash('sha256').update(a).digest()
  const right = crypto.createHash('sha256').update(b).digest()
  return crypto.timingSafeEqual(left, right)
}
