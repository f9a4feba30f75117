// POST /api/auth/sign-out → ends this session (the database row) and clears the cookie.
import { NextResponse } from 'next/server'
import { revokeSession } from '@/lib/auth/sessions'
import { jsonRoute } from '@/app/_server/route'
import { sessionCookieName, sessionTokenFromCookies } from '@/app/_server/session'

export const POST = jsonRoute(async (request) => {
  const token = await sessionTokenFromCookies(request)
  if (token) await revokeSession(token)
  const response = NextResponse.json({ ok: true, data: null })
  response.cookies.delete(sessionCookieName())
  return response
})
