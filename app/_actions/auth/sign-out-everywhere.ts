'use server'
// Settings → Sign out everywhere: ends every session of the signed-in user, this one included.
import { redirect } from 'next/navigation'
import { z } from 'zod'
import { userAction } from '@/app/_server/action'
import { clearSessionCookie } from '@/app/_server/session'
import { revokeAllSessions } from '@/lib/auth/sessions'

export const signOutEverywhereAction = userAction({
  name: 'sign-out-everywhere',
  input: z.object({}),
  run: async (_input, { user }) => {
    await revokeAllSessions(user.id)
    await clearSessionCookie()
    redirect('/signin')
  },
})
