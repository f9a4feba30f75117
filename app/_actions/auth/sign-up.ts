'use server'
// Sign-up, step 1 (Create your account): the same answer for every address — check your inbox —
// with this browser's sign-up key in a cookie (the link opened here creates the account with the
// password typed here). The link's page then signs the new account in and the wizard goes on. From
// an invitation to this very address the account exists at once: signed in, on to the invitation.
import { redirect } from 'next/navigation'
import { z } from 'zod'
import { publicAction } from '@/app/_server/action'
import { setSignUpKeyCookie, startSession } from '@/app/_server/session'
import { safeNext } from '@/components/auth/safe-next'
import { SIGN_UP_EMAIL_SENT, signUp, type SignUpInput } from '@/lib/auth/sign-up'

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
    const target = safeNext(next, '/signup/organization')
    const outcome = await signUp(account as SignUpInput, request, { next: target })
    if (outcome.kind === 'created') {
      await startSession(outcome.userId, request)
      redirect(target)
    }
    await setSignUpKeyCookie(outcome.browserKey)
    return { message: `We sent an email to ${outcome.email}. ${SIGN_UP_EMAIL_SENT}` }
  },
})
