'use server'
// Instance → Show the admin login (once): owners and admins; the second time answers GONE.
// The password is in this result only (never in `values`); the page shows it once.
import { z } from 'zod'
import { orgAction } from '@/app/_server/action'
import { revealCredentials } from '@/lib/provisioning/reveal-credentials'

export const revealCredentialsAction = orgAction({
  name: 'reveal-credentials',
  input: z.object({}),
  run: (_input, { org, user }) => revealCredentials({ orgId: org.id, userId: user.id }),
})
