/**
 * Rate-limit buckets whose window has ended count nothing (the next hit starts a new window), and
 * the marks of addresses an account proved itself from expire the same way: the daily job deletes
 * them, in batches, so the table holds only what can still decide a request.
 */
import { db } from '../db'

const BATCH = 5_000

export async function pruneRateLimits(now: Date = new Date()): Promise<{ deleted: number }> {
  let deleted = 0
  for (;;) {
    const removed = await db.$executeRaw`
      DELETE FROM "RateLimitBucket" WHERE "key" IN (
        SELECT "key" FROM "RateLimitBucket" WHERE "resetAt" < ${now} ORDER BY "resetAt" LIMIT ${BATCH})`
    deleted += removed
    if (removed < BATCH) return { deleted }
  }
}
