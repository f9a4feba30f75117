'use server'
// /mfa for a super-admin with TOTP on: a current code or a recovery code verifies this session,
// then the console. Anyone but a signed-in super-admin gets NOT_FOUND, before the code is read.
// Guesses are limited per user and address in the use case.
import { redirect } from 'next/navigation'
import { z } from 'zod'
import { publicAction } from '@/app/_server/action'
import { requireSuperAdminSession } from '@/app/_server/mfa-route'
import { AppError } from '@/lib/errors/app-error'
import { parseInput, textField } from '@/lib/errors/input'
import { markSessionMfaVerified } from '@/lib/auth/sessions'
import { verifySecondFactor } from '@/lib/auth/verify-second-factor'

const CODE_MESSAGE = 'Enter the code from your authenticator app or a recovery code'
const code = z.object({ code: textField(CODE_MESSAGE, 64, CODE_MESSAGE).trim().min(6, CODE_MESSAGE) })

export const verifySecondFactorAction = publicAction({
  name: 'verify-second-factor',
  input: z.object({ code: z.unknown().optional() }),
  run: async (input, { request }) => {
    const { user, sessionToken } = await requireSuperAdminSession()
    if (!(await verifySecondFactor(user.id, parseInput(code, input).code, request))) {
      throw new AppError('VALIDATION', 'That code is not valid.', {
        fieldErrors: { code: ['That code is not valid. Codes change every 30 seconds.'] },
      })
    }
    await markSessionMfaVerified(sessionToken)
    redirect('/admin')
  },
})
