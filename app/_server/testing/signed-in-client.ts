// Test harness: a RouteClient holding a real session of `userId` (a Session row and the cookie a
// sign-in sets), optionally past the super-admin's TOTP step, for route and action tests.
import { createSession, markSessionMfaVerified } from '@/lib/auth/sessions'
import { RouteClient } from '@/lib/testing/route-client'
import { encodeSessionCookie, sessionCookieName } from '../session'

export async function signedInClient(userId: string, options: { mfa?: boolean; baseUrl?: string } = {}): Promise<RouteClient> {
  const { sessionToken } = await createSession({ userId })
  if (options.mfa) await markSessionMfaVerified(sessionToken)
  const client = new RouteClient(options.baseUrl)
  client.cookies.set(sessionCookieName(), await encodeSessionCookie(sessionToken, userId))
  return client
}
