'use server'
// Console → Settings → End break-glass: this browser's cookie dropped (the token also expires by itself).
import { cookies } from 'next/headers'
import { z } from 'zod'
import { BREAK_GLASS_COOKIE, BREAK_GLASS_COOKIE_PATH } from '@/app/_server/admin-actor'
import { adminAction } from '@/app/_server/action'
import { getEnv } from '@/lib/env'

export const endBreakGlassAction = adminAction({
  name: 'admin-end-break-glass',
  operation: null,
  input: z.object({}),
  run: async () => {
    ;(await cookies()).set(BREAK_GLASS_COOKIE, '', {
      httpOnly: true,
      sameSite: 'strict',
      secure: getEnv().isHttps,
      path: BREAK_GLASS_COOKIE_PATH,
      maxAge: 0,
    })
    return null
  },
})
