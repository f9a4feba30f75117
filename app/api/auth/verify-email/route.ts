// POST /api/auth/verify-email { token } → marks the address verified (single-use token).
import { z } from 'zod'
import { INVALID_VERIFICATION_LINK, verifyEmail } from '@/lib/auth/email-verification'
import { textField } from '@/lib/errors/input'
import { jsonRoute, readJson } from '@/app/_server/route'

const input = z.object({ token: textField(INVALID_VERIFICATION_LINK, 200, INVALID_VERIFICATION_LINK) })

export const POST = jsonRoute(async (request, ctx) => {
  await verifyEmail(input.parse(await readJson(request)).token, ctx)
  return { message: 'Your email address is verified.' }
})
