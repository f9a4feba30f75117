/**
 * Sign-up with email and password: validate, limit per IP, create the user with an argon2id
 * hash, mail the verification link. The address is unverified until the link is opened.
 */
import { z } from 'zod'
import { db } from '../db'
import { recordAudit } from '../audit/record-audit'
import { log } from '../log/logger'
import { sendVerificationEmail } from './email-verification'
import { auditRequest, emailSchema, fieldError, isUniqueViolation, nameSchema, parseInput, type AuthContext } from './input'
import { hashPassword } from './password'
import { checkPassword, PASSWORD_MESSAGES } from './password-policy'
import { limitAttempt } from './rate-limit'

export const EMAIL_TAKEN_MESSAGE = 'An account with this email already exists. Sign in or reset your password.'

export const signUpSchema = z
  .object({
    email: emailSchema,
    password: z.string({ message: PASSWORD_MESSAGES.required }),
    name: nameSchema,
  })
  .superRefine((input, ctx) => {
    for (const message of checkPassword(input.password, { email: input.email }))
      ctx.addIssue({ code: 'custom', path: ['password'], message })
  })

export interface SignUpInput {
  email: string
  password: string
  name?: string | null
}

/**
 * Creates an account and mails its verification link. Throws VALIDATION with field errors
 * (email, password, name; an address already taken is an `email` error, also when two sign-ups
 * race), RATE_LIMITED (per IP). A failure to queue the email is logged, not thrown: the account
 * exists and the link can be requested again.
 */
export async function signUp(input: SignUpInput, ctx: AuthContext = {}): Promise<{ userId: string }> {
  const { email, password, name } = parseInput(signUpSchema, input)
  await limitAttempt('sign-up', { ip: ctx.ip })

  if (await db.user.findUnique({ where: { email }, select: { id: true } })) throw fieldError('email', EMAIL_TAKEN_MESSAGE)
  const passwordHash = await hashPassword(password)
  const userId = await createUser({ email, name: name ?? null, passwordHash })

  await recordAudit({
    action: 'auth.sign_up',
    actorType: 'USER',
    actorUserId: userId,
    targetType: 'User',
    targetId: userId,
    after: { email, name: name ?? null },
    ...auditRequest(ctx),
  })
  try {
    await sendVerificationEmail(userId, ctx)
  } catch (error) {
    log.error('verification email not queued after sign-up', { userId, requestId: ctx.requestId, error })
  }
  return { userId }
}

async function createUser(data: { email: string; name: string | null; passwordHash: string }): Promise<string> {
  try {
    return (await db.user.create({ data, select: { id: true } })).id
  } catch (error) {
    // A sign-up with the same address won the race (email is the only unique column written).
    if (isUniqueViolation(error)) throw fieldError('email', EMAIL_TAKEN_MESSAGE)
    throw error
  }
}
