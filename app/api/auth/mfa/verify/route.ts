// POST /api/auth/mfa/verify { code } → a TOTP or recovery code; marks this session verified.
import { z } from 'zod'
import { AppError } from '@/lib/errors/app-error'
import { textField } from '@/lib/errors/input'
import { verifySecondFactor } from '@/lib/auth/verify-second-factor'
import { markSessionMfaVerified } from '@/lib/auth/sessions'
import { jsonRoute, readJson } from '@/app/_server/route'
import { requireSuperAdminSession } from '@/app/_server/mfa-route'

const CODE_MESSAGE = 'Enter the code from your authenticator app or a recovery code'
const input = z.object({ code: textField(CODE_MESSAGE, 64, CODE_MESSAGE).trim().min(6, CODE_MESSAGE) })

export const POST = jsonRoute(async (request, ctx) => {
  const { user, sessionToken } = await requireSuperAdminSession(request)
  const { code } = input.parse(await readJson(request))
  if (!(await verifySecondFactor(user.id, code, ctx))) {
    throw new AppError('VALIDATION', 'That code is not valid.', {
      fieldErrors: { code: ['That code is not valid. Codes change every 30 seconds.'] },
    })
  }
  await markSessionMfaVerified(sessionToken)
  return null
})
