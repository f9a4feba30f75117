'use server'
// Console → Settings → Break glass (while read-only), with a reason and minutes: the token goes
// into an httpOnly, same-site cookie on the console's pages, which the next writes present; it is
// never shown.
import { cookies } from 'next/headers'
import { BREAK_GLASS_COOKIE, BREAK_GLASS_COOKIE_PATH } from '@/app/_server/admin-actor'
import { adminAction } from '@/app/_server/action'
import { issueBreakGlass, issueBreakGlassInput } from '@/lib/admin/issue-break-glass'
import { getEnv } from '@/lib/env'
import { formNumber } from '@/lib/http/form-data'

const breakGlassCookie = () => ({ httpOnly: true, sameSite: 'strict' as const, secure: getEnv().isHttps, path: BREAK_GLASS_COOKIE_PATH })

export const breakGlassAction = adminAction({
  name: 'admin-break-glass',
  operation: null,
  input: issueBreakGlassInput.extend({ minutes: formNumber(issueBreakGlassInput.shape.minutes) }),
  run: async (input, ctx) => {
    const { token, expiresAt } = await issueBreakGlass(input, ctx)
    ;(await cookies()).set(BREAK_GLASS_COOKIE, token, { ...breakGlassCookie(), expires: expiresAt })
    return { expiresAt: expiresAt.toISOString() }
  },
})
