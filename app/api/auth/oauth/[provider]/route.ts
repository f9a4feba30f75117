// GET /api/auth/oauth/<github|google>?next=/path → 303 to the provider's consent page, with the
// state and PKCE verifier sealed in a short-lived cookie for the callback. 404 when the provider
// is not configured.
import { NextResponse } from 'next/server'
import { z } from 'zod'
import {
  beginOAuthSignIn,
  OAUTH_STATE_COOKIE,
  OAUTH_STATE_TTL_SECONDS,
  oauthStateCookieAttributes,
} from '@/lib/auth/oauth/begin-oauth-sign-in'
import { safeNext } from '@/components/auth/safe-next'
import { jsonRoute } from '@/app/_server/route'

export const dynamic = 'force-dynamic'

const query = z.object({ next: z.string().max(2000).optional().catch(undefined) })

export async function GET(request: Request, { params }: { params: Promise<{ provider: string }> }) {
  const { provider } = await params
  return jsonRoute(async (req) => {
    const { next } = query.parse(Object.fromEntries(new URL(req.url).searchParams))
    const { redirectUrl, stateCookie } = beginOAuthSignIn({ providerId: provider, next: safeNext(next, '/dashboard') })
    const response = NextResponse.redirect(redirectUrl, 303)
    response.cookies.set(OAUTH_STATE_COOKIE, stateCookie, { ...oauthStateCookieAttributes(), maxAge: OAUTH_STATE_TTL_SECONDS })
    return response
  })(request)
}
