// GET /api/auth/oauth/<provider>/callback?code&state → the provider sends the browser back here.
// Success: a new session cookie and 303 to where the sign-in started. Any refusal: 303 to
// /signin?oauth_error=<reason>, which shows why. The state cookie is cleared either way.
import { NextResponse } from 'next/server'
import { z } from 'zod'
import { getEnv } from '@/lib/env'
import { log } from '@/lib/log/logger'
import { OAUTH_STATE_COOKIE, oauthStateCookieAttributes } from '@/lib/auth/oauth/begin-oauth-sign-in'
import { completeOAuthSignIn, OAuthSignInError } from '@/lib/auth/oauth/complete-oauth-sign-in'
import { contextOf } from '@/app/_server/route'
import { encodeSessionCookie, requestCookie, sessionCookieName, sessionCookieOptions } from '@/app/_server/session'

export const dynamic = 'force-dynamic'

const param = z.string().max(2000).optional().catch(undefined)
const query = z.object({ code: param, state: param, error: param })

export async function GET(request: Request, { params }: { params: Promise<{ provider: string }> }) {
  const { provider } = await params
  const ctx = contextOf(request)
  const appUrl = getEnv().appUrl
  let response: NextResponse
  try {
    const { code, state, error } = query.parse(Object.fromEntries(new URL(request.url).searchParams))
    const result = await completeOAuthSignIn(
      { providerId: provider, code, state, error, stateCookie: await requestCookie(OAUTH_STATE_COOKIE, request) },
      ctx,
    )
    response = NextResponse.redirect(new URL(result.next, appUrl), 303)
    response.cookies.set(
      sessionCookieName(),
      await encodeSessionCookie(result.sessionToken, result.userId),
      sessionCookieOptions(result.expires),
    )
  } catch (error) {
    if (!(error instanceof OAuthSignInError)) log.error('oauth callback failed', { error, provider, requestId: ctx.requestId })
    const reason = error instanceof OAuthSignInError ? error.reason : 'provider'
    response = NextResponse.redirect(new URL(`/signin?oauth_error=${reason}`, appUrl), 303)
  }
  response.cookies.set(OAUTH_STATE_COOKIE, '', { ...oauthStateCookieAttributes(), maxAge: 0 })
  return response
}
