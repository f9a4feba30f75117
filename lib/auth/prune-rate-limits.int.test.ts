// The daily prune deletes the rate-limit buckets whose window has ended, in batches, and keeps the
// live ones: a bucket still counting, and an address an account proved itself from.
import { describe, expect, it } from 'vitest'
import { useTestDatabase } from '../testing/use-test-database'
import { pruneRateLimits } from './prune-rate-limits'
import { hit, rememberKnownAddress } from './rate-limit'

const database = useTestDatabase()

describe('pruneRateLimits', () => {
  it('deletes ended windows (more than one batch of them) and keeps what can still decide a request', async () => {
    const now = new Date('2026-12-03T12:00:00Z')
    const ended = new Date(now.getTime() - 60_000)
    await database.sql.exec(`
      INSERT INTO "RateLimitBucket" ("key", "count", "windowStart", "resetAt")
      SELECT 'old:' || g, 3, '${new Date(ended.getTime() - 3600_000).toISOString()}', '${ended.toISOString()}'
      FROM generate_series(1, 5200) AS g`)
    await hit({ key: 'sign-in:live', limit: 5, windowSeconds: 3600, now })
    await rememberKnownAddress('sign-in', { account: 'ada@example.test', ip: '203.0.113.7' }, now)
    const before = await database.db.rateLimitBucket.count()

    expect(await pruneRateLimits(now)).toEqual({ deleted: 5200 })
    expect(await database.db.rateLimitBucket.count()).toBe(before - 5200)
    expect(await database.db.rateLimitBucket.count({ where: { key: { startsWith: 'old:' } } })).toBe(0)
    expect(await database.db.rateLimitBucket.findUnique({ where: { key: 'sign-in:live' } })).not.toBeNull()
    expect(await pruneRateLimits(now)).toEqual({ deleted: 0 })
  })
})
