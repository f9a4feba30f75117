// POST /api/admin/break-glass { reason, minutes } → a time-limited token (also set as an httpOnly
// cookie on /api/admin, so the console's forms use it) that lets this admin write while the
// console is read-only; DELETE → the cookie dropped. Issuing and every use are audited.
import { NextResponse } from 'next/server'
import { BREAK_GLASS_COOKIE } from '@/app/_server/action'
import { adminReadRoute, adminSwitchRoute } from '@/app/_server/admin-route'
import { readJson } from '@/app/_server/route'
import { getEnv } from '@/lib/env'
import { issueBreakGlass, issueBreakGlassInput } from '@/lib/admin/issue-break-glass'

export const POST = adminSwitchRoute(async (request, _ctx, actor) => {
  const { token, expiresAt } = await issueBreakGlass(issueBreakGlassInput.parse(await readJson(request)), actor)
  const response = NextResponse.json({ ok: true, data: { token, expiresAt: expiresAt.toISOString() } })
  response.cookies.set(BREAK_GLASS_COOKIE, token, {
    httpOnly: true,
    sameSite: 'strict',
    secure: getEnv().isHttps,
    path: '/api/admin',
    expires: expiresAt,
  })
  return response
})

export const DELETE = adminReadRoute(async () => {
  const response = NextResponse.json({ ok: true, data: null })
  response.cookies.set(BREAK_GLASS_COOKIE, '', {
    httpOnly: true,
    sameSite: 'strict',
    secure: getEnv().isHttps,
    path: '/api/admin',
    maxAge: 0,
  })
  return response
})
