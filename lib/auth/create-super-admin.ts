/**
 * `npm run admin:create`: a super-admin with a password, or an existing user promoted to one.
 * The operator vouches for the address, so it is marked verified. The new super-admin enrols TOTP
 * at the first sign-in (the admin console asks for it).
 */
import { z } from 'zod'
import { db } from '../db'
import { recordAudit } from '../audit/record-audit'
import { emailSchema, isUniqueViolation, parseInput } from './input'
import { hashPassword } from './password'
import { checkPassword, PASSWORD_MESSAGES } from './password-policy'

const schema = z.object({ email: emailSchema, password: z.string({ message: PASSWORD_MESSAGES.required }) }).superRefine((input, ctx) => {
  for (const message of checkPassword(input.password, { email: input.email })) ctx.addIssue({ code: 'custom', path: ['password'], message })
})

/**
 * Creates the super-admin, or promotes the existing user with that email and sets the given
 * password (its other sessions stay; a disabled account stays disabled). Throws VALIDATION
 * (email, password policy). `created` says which happened.
 */
export async function createSuperAdmin(
  input: { email: string; password: string },
  options: { now?: Date } = {},
): Promise<{ userId: string; created: boolean }> {
  const { email, password } = parseInput(schema, input)
  const now = options.now ?? new Date()
  const passwordHash = await hashPassword(password)

  for (let attempt = 0; ; attempt++) {
    const existing = await db.user.findUnique({ where: { email }, select: { id: true, isSuperAdmin: true, emailVerifiedAt: true } })
    if (existing) {
      await db.user.update({
        where: { id: existing.id },
        data: { isSuperAdmin: true, passwordHash, ...(existing.emailVerifiedAt ? {} : { emailVerifiedAt: now }) },
      })
      await recordAudit({
        action: 'auth.super_admin.promoted',
        actorType: 'SYSTEM',
        targetType: 'User',
        targetId: existing.id,
        reason: 'npm run admin:create (password replaced)',
        before: { isSuperAdmin: existing.isSuperAdmin },
        after: { email, isSuperAdmin: true },
      })
      return { userId: existing.id, created: false }
    }
    try {
      const user = await db.user.create({
        data: { email, passwordHash, isSuperAdmin: true, emailVerifiedAt: now, name: 'Super Admin' },
        select: { id: true },
      })
      await recordAudit({
        action: 'auth.super_admin.created',
        actorType: 'SYSTEM',
        targetType: 'User',
        targetId: user.id,
        reason: 'npm run admin:create',
        after: { email, isSuperAdmin: true },
      })
      return { userId: user.id, created: true }
    } catch (error) {
      // Created meanwhile (a sign-up with the same address): promote it instead.
      if (!isUniqueViolation(error) || attempt > 0) throw error
    }
  }
}
