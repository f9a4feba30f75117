// POST /api/auth/sign-up { email, password, name? } → the account (verification email on its way)
// and a signed-in session; 422 with field errors; 429 + Retry-After when rate limited.
import { NextResponse } from 'next/server'
import { z } from 'zod'
import { signUp } from '@/lib/auth/sign-up'
import { createSession } from '@/lib/auth/sessions'
import { jsonRoute, readJson } from '@/app/_server/route'
import { encodeSessionCookie, sessionCookieName, sessionCookieOptions } from '@/app/_server/session'

// Shape only; signUp validates the values and answers with field errors.
const input = z.object({ email: z.unknown(), password: z.unknown(), name: z.unknown().optional() })

export const POST = jsonRoute(async (request, ctx) => {
  const body = input.parse(await readJson(request))
  const { userId } = await signUp(body as { email: string; password: string; name?: string }, ctx)
  const session = await createSession({ userId, ip: ctx.ip, userAgent: ctx.userAgent })
  const response = NextResponse.json({ ok: true, data: { userId } })
  response.cookies.set(sessionCookieName(), await encodeSessionCookie(session.sessionToken, userId), sessionCookieOptions(session.expires))
  return response
})
