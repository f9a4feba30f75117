// POST /api/auth/password-reset/request { email } → always the same answer (no account probing).
import { z } from 'zod'
import { requestPasswordReset } from '@/lib/auth/password-reset'
import { textField } from '@/lib/errors/input'
import { jsonRoute, readJson } from '@/app/_server/route'

const input = z.object({ email: textField('Enter your email address.', 320, 'An email address has at most 254 characters.') })

export const POST = jsonRoute(async (request, ctx) => {
  await requestPasswordReset(input.parse(await readJson(request)), ctx)
  return { message: 'If an account exists for that address, we sent a link to reset its password. It is valid for 30 minutes.' }
})
