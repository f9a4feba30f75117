// The signed-in user of a request. The browser holds an encrypted next-auth JWT whose only claim
// of ours is `sid`, the raw token of a database Session row; every request checks that row, so
// revoking sessions (sign out everywhere, password reset) takes effect at once.
// Route handlers pass their Request (its Cookie header is the whole input); pages and server
// actions read the cookie from Next's request scope.
import 'server-only'
import { cookies } from 'next/headers'
import { notFound, redirect } from 'next/navigation'
import { decode, encode } from 'next-auth/jwt'
import { getEnv } from '@/lib/env'
import { createSession, getSession } from '@/lib/auth/sessions'
import type { RequestContext } from '@/lib/http/request-context'

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

/** A cookie of this request: from `request` when given (route handlers), else from Next's request scope. */
export async function requestCookie(name: string, request?: Request): Promise<string | undefined> {
  if (request) return cookieFromHeader(request.headers.get('cookie'), name)
  return (await cookies()).get(name)?.value
}

/** The first value of cookie `name` in a Cookie header (RFC 6265 pairs, percent-decoded as Next does). */
export function cookieFromHeader(header: string | null, name: string): string | undefined {
  for (const pair of header?.split(';') ?? []) {
    const at = pair.indexOf('=')
    if (at < 0 || pair.slice(0, at).trim() !== name) continue
    const value = pair.slice(at + 1).trim()
    try {
      return decodeURIComponent(value)
    } catch {
      return value
    }
  }
  return undefined
}

export async function sessionTokenFromCookies(request?: Request): Promise<string | null> {
  const raw = await requestCookie(sessionCookieName(), request)
  if (!raw) return null
  try {
    const jwt = await decode({ token: raw, secret: getEnv().AUTH_SECRET })
    return typeof jwt?.sid === 'string' ? jwt.sid : null
  } catch {
    return null
  }
}

export async function currentUser(request?: Request): Promise<CurrentUser | null> {
  const token = await sessionTokenFromCookies(request)
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

/**
 * The session cookie's attributes, the one source for setting and deleting it: a browser keeps a
 * cookie unless the deletion names the same path, and refuses any `__Secure-` cookie (a deletion
 * too) sent without `Secure`.
 */
export function sessionCookieAttributes() {
  return { httpOnly: true, sameSite: 'lax' as const, secure: getEnv().isHttps, path: '/' }
}

export function sessionCookieOptions(expires: Date) {
  return { ...sessionCookieAttributes(), expires }
}

/** Server actions: deletes this browser's session cookie (sign-out), with the attributes it was set with. */
export async function clearSessionCookie(): Promise<void> {
  ;(await cookies()).set(sessionCookieName(), '', { ...sessionCookieAttributes(), maxAge: 0, expires: new Date(0) })
}

/** Server actions: signs this browser in as `userId` (a new database session, and its cookie). */
export async function startSession(userId: string, request: RequestContext): Promise<void> {
  const session = await createSession({ userId, ip: request.ip, userAgent: request.userAgent })
  const value = await encodeSessionCookie(session.sessionToken, userId)
  ;(await cookies()).set(sessionCookieName(), value, sessionCookieOptions(session.expires))
}

/**
 * The sign-up's browser key (lib/auth/pending-sign-up.ts): kept by the browser that filled in the
 * sign-up form, for as long as its link works, so the link opened there uses the password typed there.
 */
const SIGN_UP_KEY_COOKIE = 'tenancy.sign-up-key'
const signUpKeyAttributes = () => ({ httpOnly: true, sameSite: 'lax' as const, secure: getEnv().isHttps, path: '/' })

export async function setSignUpKeyCookie(browserKey: string): Promise<void> {
  ;(await cookies()).set(SIGN_UP_KEY_COOKIE, browserKey, { ...signUpKeyAttributes(), maxAge: 24 * 3600 })
}

export async function signUpKeyFromCookies(): Promise<string | undefined> {
  return (await cookies()).get(SIGN_UP_KEY_COOKIE)?.value
}

export async function clearSignUpKeyCookie(): Promise<void> {
  ;(await cookies()).set(SIGN_UP_KEY_COOKIE, '', { ...signUpKeyAttributes(), maxAge: 0, expires: new Date(0) })
}
