'use server'
// Sign-up, step 1 (Create your account): the account, its verification email, a signed-in session,
// then on to the organization step (or back where the visitor came from, a same-site path only).
import { redirect } from 'next/navigation'
import { z } from 'zod'
import { publicAction } from '@/app/_server/action'
import { startSession } from '@/app/_server/session'
import { safeNext } from '@/components/auth/safe-next'
import { signUp, type SignUpInput } from '@/lib/auth/sign-up'

// Shape only (a field may be missing or sent twice): signUp validates the values, a field error for each.
const input = z.object({
  email: z.unknown().optional(),
  password: z.unknown().optional(),
  name: z.unknown().optional(),
  next: z.unknown().optional(),
})

export const signUpAction = publicAction({
  name: 'sign-up',
  input,
  run: async ({ next, ...account }, { request }) => {
    const { userId } = await signUp(account as SignUpInput, request)
    await startSession(userId, request)
    redirect(safeNext(next, '/signup/organization'))
  },
})
