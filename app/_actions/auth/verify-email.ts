'use server'
// The link of the verification email (/verify): marks the address verified, the token used up. A
// POST (the page's form), never the GET of the link: a mail scanner's preview must not consume it.
import { z } from 'zod'
import { publicAction } from '@/app/_server/action'
import { INVALID_VERIFICATION_LINK, verifyEmail } from '@/lib/auth/email-verification'
import { textField } from '@/lib/errors/input'

export const verifyEmailAction = publicAction({
  name: 'verify-email',
  input: z.object({ token: textField(INVALID_VERIFICATION_LINK, 200, INVALID_VERIFICATION_LINK) }),
  run: async ({ token }, { request }) => {
    await verifyEmail(token, request)
    return { message: 'Your email address is verified.' }
  },
})
