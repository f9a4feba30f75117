// POST /api/auth/verify-email { token } → marks the address verified (single-use token).
import { z } from 'zod'
import { verifyEmail } from '@/lib/auth/email-verification'
import { jsonRoute, readJson } from '@/app/_server/route'

const input = z.object({ token: z.string().max(200) })

export const POST = jsonRoute(async (request, ctx) => {
  await verifyEmail(input.parse(await readJson(request)).token, ctx)
  return { message: 'Your email address is verified.' }
})
