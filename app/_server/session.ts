// The signed-in user of a request. The browser holds an encrypted next-auth JWT whose only claim
// of ours is `sid`, the raw token of a database Session row; every request checks that row, so
// revoking sessions (sign out everywhere, password reset) takes effect at once.
import 'server-only'
import { cookies } from 'next/headers'
import { notFound, redirect } from 'next/navigation'
import { decode, encode } from 'next-auth/jwt'
import { getEnv } from '@/lib/env'
import { getSession } from '@/lib/auth/sessions'

export const SESSION_MAX_AGE_SECONDS = 30 * 24 * 3600

export function sessionCookieName(): string {
  return getEnv().isHttps ? '__Secure-tenancy.session' : 'tenancy.session'
}

export interface CurrentUser {
  id: string
  email: string
  name: string | null
  isSuperAdmin: boolean
  isEmailVerified: boolean
  hasTotp: boolean
  isMfaVerified: boolean
}

export async function sessionTokenFromCookies(): Promise<string | null> {
  const raw = (await cookies()).get(sessionCookieName())?.value
  if (!raw) return null
  try {
    const jwt = await decode({ token: raw, secret: getEnv().AUTH_SECRET })
    return typeof jwt?.sid === 'string' ? jwt.sid : null
  } catch {
    return null
  }
}

export async function currentUser(): Promise<CurrentUser | null> {
  const token = await sessionTokenFromCookies()
  if (!token) return null
  const session = await getSession(token)
  if (!session) return null
  return {
    id: session.user.id,
    email: session.user.email,
    name: session.user.name,
    isSuperAdmin: session.user.isSuperAdmin,
    isEmailVerified: Boolean(session.user.emailVerifiedAt),
    hasTotp: Boolean(session.user.totpEnabledAt),
    isMfaVerified: Boolean(session.mfaAt),
  }
}

/** Pages and actions for signed-in users: redirect to sign-in otherwise. */
export async function requireUser(returnTo?: string): Promise<CurrentUser> {
  const user = await currentUser()
  if (!user) redirect(returnTo ? `/signin?next=${encodeURIComponent(returnTo)}` : '/signin')
  return user
}

/**
 * The admin console: anyone who is not a super-admin gets 404; a super-admin who has not passed
 * TOTP in this session is sent to /mfa first.
 */
export async function requireSuperAdmin(): Promise<CurrentUser> {
  const user = await currentUser()
  if (!user?.isSuperAdmin) notFound()
  if (!user.isMfaVerified) redirect('/mfa')
  return user
}

/** The cookie value for a new database session (an encrypted JWT carrying only `sid`). */
export async function encodeSessionCookie(sessionToken: string, userId: string): Promise<string> {
  return encode({ token: { sid: sessionToken, sub: userId }, secret: getEnv().AUTH_SECRET, maxAge: SESSION_MAX_AGE_SECONDS })
}

export function sessionCookieOptions(expires: Date) {
  return { httpOnly: true, sameSite: 'lax' as const, secure: getEnv().isHttps, path: '/', expires }
}
