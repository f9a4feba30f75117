/**
 * Sign-up with email and password. The answer does not tell whether the address has an account:
 * either way the form is validated, limited per IP, the password hashed, one email queued and one
 * audit entry written, and the visitor is told to open the link we emailed.
 * - A new address gets the link that creates its account (pending-sign-up.ts): no account exists
 *   before the mailbox is proved, so none can be squatted, and signing in cannot tell either.
 * - An address with an account gets an email saying someone tried to sign up, with links to sign
 *   in and to reset the password; the account is unchanged.
 * Emails to one address are capped ('sign-up-email', 3 an hour, silently: the answer stays the
 * same, and a link already in the mailbox works for its owner from any browser).
 *
 * One exception: a sign-up from an invitation link (`next` is that link) for the invited address
 * creates the account at once, verified. The invitation reached that mailbox and the token is its
 * credential, so only the address's owner can be told whether it already has an account.
 */
import crypto from 'node:crypto'
import { z } from 'zod'
import { db } from '../db'
import { getEnv } from '../env'
import { jobs } from '../jobs/jobs'
import { recordAudit } from '../audit/record-audit'
import { describeInvitation } from '../orgs/get-invitation'
import { auditRequest, emailSchema, nameSchema, parseInput, type AuthContext } from './input'
import { createVerifiedAccount } from './create-verified-account'
import { hashPassword } from './password'
import { checkPassword, PASSWORD_MESSAGES } from './password-policy'
import { sealPendingSignUp } from './pending-sign-up'
import { limitAttempt, mayEmail } from './rate-limit'
import { VERIFY_EMAIL_TTL_MS } from './tokens'

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

const NEXT_MAX_LENGTH = 500

/** What the visitor is told, whatever the address (the action adds the address). */
export const SIGN_UP_EMAIL_SENT = 'Open the link we emailed you to finish creating your account. It works for 24 hours.'

export type SignUpOutcome =
  /** The same for every address: the link is on its way; `browserKey` goes into this browser's cookie. */
  | { kind: 'email-sent'; email: string; browserKey: string }
  /** Only from an invitation to this very address: the account exists, verified. */
  | { kind: 'created'; userId: string }

/**
 * Starts a sign-up (see above). `next` is where the wizard goes once the account exists (a
 * same-site path, checked by the caller). Throws VALIDATION with field errors (email, password,
 * name), RATE_LIMITED (per IP) — never because of the address's account.
 */
export async function signUp(
  input: SignUpInput,
  ctx: AuthContext = {},
  options: { next?: string; now?: Date } = {},
): Promise<SignUpOutcome> {
  const now = options.now ?? new Date()
  // Sealed into the link, which must stay a URL every mail client keeps (the template allows 2,048 characters).
  const next = options.next && options.next.length <= NEXT_MAX_LENGTH ? options.next : '/signup/organization'
  const { email, password, name } = parseInput(signUpSchema, input)
  await limitAttempt('sign-up', { ip: ctx.ip }, { now })
  const passwordHash = await hashPassword(password) // for an address with an account too: the same time spent

  if ((await invitedAddress(next)) === email) {
    const userId = await createVerifiedAccount(
      { email, name: name ?? null, passwordHash },
      { emailVerified: true, by: 'invitation' },
      ctx,
      now,
    )
    if (userId) return { kind: 'created', userId }
  }

  const mayMail = await mayEmail('sign-up-email', email, { now }) // counted for any address
  const existing = await db.user.findUnique({ where: { email }, select: { id: true, name: true } })
  const { token, browserKey } = sealPendingSignUp({ email, name: name ?? null, passwordHash, next }, now)
  const appUrl = getEnv().appUrl
  if (mayMail) {
    await jobs.send({
      name: 'notifications/email.requested',
      data: existing
        ? {
            template: 'sign-up-attempted',
            to: email,
            data: {
              signInUrl: `${appUrl}/signin`,
              resetUrl: `${appUrl}/forgot-password`,
              ...(existing.name ? { name: existing.name } : {}),
            },
            dedupeKey: `sign-up-attempted:${crypto.randomUUID()}`,
            userId: existing.id,
          }
        : {
            template: 'verify-email',
            to: email,
            data: { url: `${appUrl}/verify?token=${token}`, ...(name ? { name } : {}), expiresInHours: VERIFY_EMAIL_TTL_MS / 3_600_000 },
            dedupeKey: `sign-up:${crypto.createHash('sha256').update(token).digest('base64url').slice(0, 32)}`,
          },
    })
  }
  // Who tried is not known to be the address's owner: the entry is not attributed; an existing account is its target.
  await recordAudit({
    action: 'auth.sign_up.requested',
    actorType: 'USER',
    actorUserId: null,
    ...(existing ? { targetType: 'User', targetId: existing.id } : {}),
    reason: mayMail ? undefined : 'email_capped',
    after: { email, hasAccount: Boolean(existing) },
    ...auditRequest(ctx),
  })
  return { kind: 'email-sent', email, browserKey }
}

/** The address of the pending invitation `next` leads to (/invite?token=…), if any. */
async function invitedAddress(next: string): Promise<string | null> {
  const url = new URL(next, 'http://next.invalid')
  const token = url.pathname === '/invite' ? url.searchParams.get('token') : null
  if (!token) return null
  const invitation = await describeInvitation(token).catch(() => null)
  return invitation?.status === 'pending' ? invitation.email : null
}
