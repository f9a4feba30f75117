'use server'
// Sign out: ends this browser's session (its database row) and deletes its cookie, then /signin.
// Anyone may post it: without a session (or with an expired one) it only clears the cookie.
import { redirect } from 'next/navigation'
import { z } from 'zod'
import { publicAction } from '@/app/_server/action'
import { clearSessionCookie, sessionTokenFromCookies } from '@/app/_server/session'
import { revokeSession } from '@/lib/auth/sessions'

export const signOutAction = publicAction({
  name: 'sign-out',
  input: z.object({}),
  run: async () => {
    const token = await sessionTokenFromCookies()
    if (token) await revokeSession(token)
    await clearSessionCookie()
    redirect('/signin')
  },
})
