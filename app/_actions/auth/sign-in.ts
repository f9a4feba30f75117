'use server'
// Sign in with email and password: a new session (its cookie set here), then the safe `next`, else
// the dashboard — or /mfa for a super-admin, whose console asks for the second factor first. One
// message whatever was wrong; the rate limits (per email and address, per address) are the use case's.
import { redirect } from 'next/navigation'
import { z } from 'zod'
import { publicAction } from '@/app/_server/action'
import { startSession } from '@/app/_server/session'
import { safeNext } from '@/components/auth/safe-next'
import { AppError } from '@/lib/errors/app-error'
import { textField } from '@/lib/errors/input'
import { verifyCredentials } from '@/lib/auth/verify-credentials'

export const signInAction = publicAction({
  name: 'sign-in',
  input: z.object({
    email: textField('Enter your email address.', 320, 'An email address has at most 254 characters.').min(1, 'Enter your email address.'),
    password: textField('Enter your password.', 1024, 'A password has at most 128 characters.').min(1, 'Enter your password.'),
    next: z.unknown().optional(),
  }),
  run: async ({ email, password, next }, { request }) => {
    const user = await verifyCredentials({ email, password }, request)
    if (!user) throw new AppError('UNAUTHENTICATED', 'Email or password is incorrect.')
    await startSession(user.id, request)
    redirect(safeNext(next, user.isSuperAdmin ? '/mfa' : '/dashboard'))
  },
})
