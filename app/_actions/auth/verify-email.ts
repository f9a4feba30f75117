'use server'
// The link of a verification email (/verify). A POST (the page's form), never the GET of the link:
// a mail scanner's preview must not consume it. Two kinds of link:
// - a sign-up's (lib/auth/pending-sign-up.ts): creates the account, verified, and signs this browser
//   in; opened in another browser than the one that signed up, it asks for the password first;
// - an existing account's (resent from the wizard's review page): marks the address verified.
import { z } from 'zod'
import { publicAction } from '@/app/_server/action'
import { clearSignUpKeyCookie, signUpKeyFromCookies, startSession } from '@/app/_server/session'
import { INVALID_VERIFICATION_LINK, verifyEmail } from '@/lib/auth/email-verification'
import { confirmSignUp, isPendingSignUpToken } from '@/lib/auth/pending-sign-up'
import { PASSWORD_MESSAGES } from '@/lib/auth/password-policy'
import { textField } from '@/lib/errors/input'

const VERIFIED = 'Your email address is verified.'

export const verifyEmailAction = publicAction({
  name: 'verify-email',
  input: z.object({
    token: textField(INVALID_VERIFICATION_LINK, 3000, INVALID_VERIFICATION_LINK),
    password: textField(PASSWORD_MESSAGES.required, 1024, PASSWORD_MESSAGES.tooLong).optional(),
  }),
  run: async ({ token, password }, { request }): Promise<{ message: string; next?: string }> => {
    if (!isPendingSignUpToken(token)) {
      await verifyEmail(token, request)
      return { message: VERIFIED }
    }
    const account = await confirmSignUp({ token, password, browserKey: await signUpKeyFromCookies() }, request)
    await startSession(account.userId, request)
    await clearSignUpKeyCookie()
    return { message: `${VERIFIED} Your account is ready.`, next: account.next }
  },
})
