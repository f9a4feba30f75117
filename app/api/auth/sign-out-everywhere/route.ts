// POST /api/auth/sign-out-everywhere → ends every session of the signed-in user, this one included.
import { NextResponse } from 'next/server'
import { AppError } from '@/lib/errors/app-error'
import { revokeAllSessions } from '@/lib/auth/sessions'
import { jsonRoute } from '@/app/_server/route'
import { currentUser, sessionCookieName } from '@/app/_server/session'

export const POST = jsonRoute(async (request) => {
  const user = await currentUser(request)
  if (!user) throw new AppError('UNAUTHENTICATED', 'Sign in first.')
  await revokeAllSessions(user.id)
  const response = NextResponse.json({ ok: true, data: null })
  response.cookies.delete(sessionCookieName())
  return response
})
