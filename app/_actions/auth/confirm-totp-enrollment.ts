'use server'
// /mfa, the enrolment's second step: a code from the app turns TOTP on; the recovery codes are in
// this result only (shown once) and this session counts as verified. Anyone but a signed-in
// super-admin gets NOT_FOUND, before the code is read (so the guard is the run's first step; the
// form's shape is checked by the glue, the code after the guard).
import { z } from 'zod'
import { publicAction } from '@/app/_server/action'
import { requireSuperAdminSession } from '@/app/_server/mfa-route'
import { confirmTotpEnrollment } from '@/lib/auth/confirm-totp-enrollment'
import { markSessionMfaVerified } from '@/lib/auth/sessions'
import { parseInput, textField } from '@/lib/errors/input'

const CODE_MESSAGE = 'Enter the 6-digit code from your authenticator app'
const code = z.object({
  code: textField(CODE_MESSAGE, 64, CODE_MESSAGE)
    .trim()
    .regex(/^\d{6}$/, CODE_MESSAGE),
})

export const confirmTotpEnrollmentAction = publicAction({
  name: 'confirm-totp-enrollment',
  input: z.object({ code: z.unknown().optional() }),
  run: async (input, { request }) => {
    const { user, sessionToken } = await requireSuperAdminSession()
    const { recoveryCodes } = await confirmTotpEnrollment(user.id, parseInput(code, input).code, request)
    await markSessionMfaVerified(sessionToken)
    return { recoveryCodes }
  },
})
