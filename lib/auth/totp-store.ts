/**
 * What the TOTP use cases share over the database. A code is accepted once: the last accepted time
 * step is kept in RateLimitBucket under `totp-step:<userId>` (count = the step, raised by one
 * conditional upsert; an equal or older step is refused as a replay).
 */
import { db } from '../db'
import { TOTP_PERIOD_SECONDS, TOTP_WINDOW } from './totp'

/**
 * Records `step` as the user's last accepted TOTP step unless that step (or a later one) was
 * already accepted: true the first time, false for a replay. One conditional upsert.
 */
export async function claimTotpStep(userId: string, step: number): Promise<boolean> {
  const windowStart = new Date(step * TOTP_PERIOD_SECONDS * 1000)
  // Kept until the step can no longer be valid, so clean-up by resetAt never forgets a live one.
  const resetAt = new Date((step + TOTP_WINDOW + 1) * TOTP_PERIOD_SECONDS * 1000)
  const rows = await db.$queryRawUnsafe<{ key: string }[]>(
    `INSERT INTO "RateLimitBucket" ("key", "count", "windowStart", "resetAt")
     VALUES ($1, $2, $3::timestamp, $4::timestamp)
     ON CONFLICT ("key") DO UPDATE SET "count" = EXCLUDED."count", "windowStart" = EXCLUDED."windowStart", "resetAt" = EXCLUDED."resetAt"
       WHERE "RateLimitBucket"."count" < EXCLUDED."count"
     RETURNING "key"`,
    `totp-step:${userId}`,
    step,
    windowStart.toISOString(),
    resetAt.toISOString(),
  )
  return rows.length === 1
}

/** The audit log's actor type for a user acting on their own second factor. */
export const actorTypeOf = (user: { isSuperAdmin: boolean }) => (user.isSuperAdmin ? 'SUPER_ADMIN' : 'USER') as 'SUPER_ADMIN' | 'USER'
