// POST /api/auth/password-reset/request { email } → always the same answer (no account probing).
import { z } from 'zod'
import { requestPasswordReset } from '@/lib/auth/password-reset'
import { jsonRoute, readJson } from '@/app/_server/route'

const input = z.object({ email: z.string().max(320) })

export const POST = jsonRoute(async (request, ctx) => {
  await requestPasswordReset(input.parse(await readJson(request)), ctx)
  return { message: 'If an account exists for that address, we sent a link to reset its password. It is valid for 30 minutes.' }
})
