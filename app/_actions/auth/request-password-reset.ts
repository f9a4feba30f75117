'use server'
// Forgot your password: mails a reset link when the address has an account, and answers the same
// either way (no account probing). Limited per address and per IP in the use case.
import { z } from 'zod'
import { publicAction } from '@/app/_server/action'
import { requestPasswordReset } from '@/lib/auth/password-reset'
import { textField } from '@/lib/errors/input'

export const requestPasswordResetAction = publicAction({
  name: 'request-password-reset',
  input: z.object({ email: textField('Enter your email address.', 320, 'An email address has at most 254 characters.') }),
  run: async ({ email }, { request }) => {
    await requestPasswordReset({ email }, request)
    return { message: 'If an account exists for that address, we sent a link to reset its password. It is valid for 30 minutes.' }
  },
})
