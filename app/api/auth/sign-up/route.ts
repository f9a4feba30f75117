// POST /api/auth/sign-up { email, password, name? } → the account (verification email on its way)
// and a signed-in session; 422 with field errors; 429 + Retry-After when rate limited.
import { NextResponse } from 'next/server'
import { z } from 'zod'
import { signUp, type SignUpInput } from '@/lib/auth/sign-up'
import { createSession } from '@/lib/auth/sessions'
import { jsonRoute, readJson } from '@/app/_server/route'
import { encodeSessionCookie, sessionCookieName, sessionCookieOptions } from '@/app/_server/session'

// Shape only (every field may be missing or of any type): signUp validates the values and answers
// with a field error for each.
const input = z.object({ email: z.unknown().optional(), password: z.unknown().optional(), name: z.unknown().optional() })

export const POST = jsonRoute(async (request, ctx) => {
  const body = input.parse(await readJson(request))
  const { userId } = await signUp(body as SignUpInput, ctx)
  const session = await createSession({ userId, ip: ctx.ip, userAgent: ctx.userAgent })
  const response = NextResponse.json({ ok: true, data: { userId } })
  response.cookies.set(sessionCookieName(), await encodeSessionCookie(session.sessionToken, userId), sessionCookieOptions(session.expires))
  return response
})
