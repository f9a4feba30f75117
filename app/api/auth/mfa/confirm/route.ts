// POST /api/auth/mfa/confirm { code } → enrolment done: recovery codes (shown once), session verified.
import { z } from 'zod'
import { confirmTotpEnrollment } from '@/lib/auth/confirm-totp-enrollment'
import { textField } from '@/lib/errors/input'
import { markSessionMfaVerified } from '@/lib/auth/sessions'
import { jsonRoute, readJson } from '@/app/_server/route'
import { requireSuperAdminSession } from '@/app/_server/mfa-route'

const CODE_MESSAGE = 'Enter the 6-digit code from your authenticator app'
const input = z.object({
  code: textField(CODE_MESSAGE, 64, CODE_MESSAGE)
    .trim()
    .regex(/^\d{6}$/, CODE_MESSAGE),
})

export const POST = jsonRoute(async (request, ctx) => {
  const { user, sessionToken } = await requireSuperAdminSession(request)
  const { code } = input.parse(await readJson(request))
  const { recoveryCodes } = await confirmTotpEnrollment(user.id, code, ctx)
  await markSessionMfaVerified(sessionToken)
  return { recoveryCodes }
})
