// POST /api/auth/password-reset/confirm { token, password } → new password, every session ended.
import { z } from 'zod'
import { resetPassword } from '@/lib/auth/password-reset'
import { jsonRoute, readJson } from '@/app/_server/route'

const input = z.object({ token: z.string().max(200), password: z.string().max(1024) })

export const POST = jsonRoute(async (request, ctx) => {
  await resetPassword(input.parse(await readJson(request)), ctx)
  return { message: 'Your password was changed. Sign in with the new one.' }
})
