// POST /api/auth/sign-in { email, password } → 200 and a new session cookie (a fresh session on
// every sign-in), 401 with one message whatever was wrong, 429 + Retry-After when rate limited.
import { NextResponse } from 'next/server'
import { z } from 'zod'
import { AppError } from '@/lib/errors/app-error'
import { textField } from '@/lib/errors/input'
import { verifyCredentials } from '@/lib/auth/verify-credentials'
import { createSession } from '@/lib/auth/sessions'
import { jsonRoute, readJson } from '@/app/_server/route'
import { encodeSessionCookie, sessionCookieName, sessionCookieOptions } from '@/app/_server/session'

const input = z.object({
  email: textField('Enter your email address.', 320, 'An email address has at most 254 characters.').min(1, 'Enter your email address.'),
  password: textField('Enter your password.', 1024, 'A password has at most 128 characters.').min(1, 'Enter your password.'),
})

export const POST = jsonRoute(async (request, ctx) => {
  const { email, password } = input.parse(await readJson(request))
  const user = await verifyCredentials({ email, password }, ctx)
  if (!user) throw new AppError('UNAUTHENTICATED', 'Email or password is incorrect.')
  const session = await createSession({ userId: user.id, ip: ctx.ip, userAgent: ctx.userAgent })
  const response = NextResponse.json({
    ok: true,
    data: { isSuperAdmin: user.isSuperAdmin, isEmailVerified: Boolean(user.emailVerifiedAt) },
  })
  response.cookies.set(sessionCookieName(), await encodeSessionCookie(session.sessionToken, user.id), sessionCookieOptions(session.expires))
  return response
})
