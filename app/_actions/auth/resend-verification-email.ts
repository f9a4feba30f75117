'use server'
// "Send a new link" (the wizard's review page): the signed-in user's verification email again,
// within the 'verify' rate limits of sendVerificationEmail.
import { z } from 'zod'
import { userAction } from '@/app/_server/action'
import { sendVerificationEmail } from '@/lib/auth/email-verification'

export const resendVerificationEmailAction = userAction({
  name: 'resend-verification-email',
  input: z.object({}),
  run: async (_input, { user, request }) => {
    const { sent } = await sendVerificationEmail(user.id, request)
    return { message: sent ? `We sent a new link to ${user.email}.` : 'Your email address is already verified.' }
  },
})
