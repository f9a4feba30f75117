// POST /api/auth/password-reset/confirm { token, password } → new password, every session ended.
import { z } from 'zod'
import { INVALID_RESET_LINK, resetPassword } from '@/lib/auth/password-reset'
import { PASSWORD_MESSAGES } from '@/lib/auth/password-policy'
import { textField } from '@/lib/errors/input'
import { jsonRoute, readJson } from '@/app/_server/route'

const input = z.object({
  token: textField(INVALID_RESET_LINK, 200, INVALID_RESET_LINK),
  password: textField(PASSWORD_MESSAGES.required, 1024, PASSWORD_MESSAGES.tooLong),
})

export const POST = jsonRoute(async (request, ctx) => {
  await resetPassword(input.parse(await readJson(request)), ctx)
  return { message: 'Your password was changed. Sign in with the new one.' }
})
