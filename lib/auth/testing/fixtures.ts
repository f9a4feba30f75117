// What the auth integration tests add to the harness (lib/testing/use-test-database.ts): request
// details with a fresh client address per call, so rate limits of one test never reach the next,
// and accounts with a password for the tests that need a user rather than a sign-up.
import { db } from '../../db'
import { hashPassword } from '../password'

/** A factory of request details, each call with a new IP address. */
export function clientContexts(): () => { ip: string; userAgent: string; requestId: string } {
  let counter = 0
  return () => ({ ip: `192.0.2.${++counter}`, userAgent: 'vitest', requestId: `req-${counter}` })
}

/**
 * An account with a password, straight in the database: what the tests that need a user (not the
 * sign-up itself) start from. Unverified unless `verified`, like an account that never opened its link.
 */
export async function createPasswordAccount(input: {
  email: string
  password: string
  name?: string
  verified?: boolean
}): Promise<{ userId: string }> {
  const user = await db.user.create({
    data: {
      email: input.email.trim().toLowerCase(),
      name: input.name ?? null,
      passwordHash: await hashPassword(input.password),
      emailVerifiedAt: input.verified ? new Date() : null,
    },
    select: { id: true },
  })
  return { userId: user.id }
}
