'use server'
// The reset link's page (/reset-password): a new password for the token's account, and every
// session of the account ended. A refused password leaves the link working.
import { z } from 'zod'
import { publicAction } from '@/app/_server/action'
import { INVALID_RESET_LINK, resetPassword } from '@/lib/auth/password-reset'
import { PASSWORD_MESSAGES } from '@/lib/auth/password-policy'
import { textField } from '@/lib/errors/input'

export const resetPasswordAction = publicAction({
  name: 'reset-password',
  input: z.object({
    token: textField(INVALID_RESET_LINK, 200, INVALID_RESET_LINK),
    password: textField(PASSWORD_MESSAGES.required, 1024, PASSWORD_MESSAGES.tooLong),
  }),
  run: async (input, { request }) => {
    await resetPassword(input, request)
    return { message: 'Your password was changed. Sign in with the new one.' }
  },
})
