/**
 * Rate limits of the authentication use cases: fixed-window counters in RateLimitBucket.
 *
 * Counting. hit() is one statement, `INSERT … ON CONFLICT (key) DO UPDATE … RETURNING`: the row
 * is created with count 1, incremented while its window lasts, and restarted (count 1, a new
 * window) once resetAt has passed. PostgreSQL locks the conflicting row for the update, so
 * concurrent hits on one key are all counted, none lost or doubled; PGlite runs one statement at
 * a time. A window starts with its first hit and does not move while the limit is exceeded:
 * hammering does not prolong it, and a refused client is told exactly when to retry
 * (`retryAfterSeconds`, the Retry-After header).
 *
 * Attempts are counted before the work (before the password is checked): parallel guesses
 * cannot slip in between a check and an increment. A success then gives its attempt back where
 * the rule says so: `clear` deletes the bucket, `refund` decrements it (within the same window).
 * Sign-in limits therefore count failures.
 *
 * No lockout. An attacker must not be able to keep a real user out by failing on purpose, so
 * failed sign-ins are limited per (account, IP) and per IP, never per account alone: the
 * attacker's failures fill buckets keyed by the attacker's address, and the user still signs in
 * from theirs. A successful sign-in clears its (account, IP) bucket. Rules are checked in order,
 * address rules first: a client already refused for its IP adds nothing to buckets keyed by an
 * account. The per-account buckets that do exist limit emails sent to one address (password
 * reset, verification: no mail bombing) and second-factor guesses for one user (six digits: only
 * a per-account cap makes guessing hopeless, and whoever reaches that step already has the
 * password).
 *
 * | scope   | rule                     | limit        | on success |
 * | ------- | ------------------------ | ------------ | ---------- |
 * | sign-in | per IP                   | 50 / 15 min  | refund     |
 * | sign-in | per (email, IP)          | 5 / 15 min   | clear      |
 * | sign-up | per IP                   | 10 / hour    |            |
 * | reset   | per IP (request, confirm)| 10 / hour    |            |
 * | reset   | per email (request)      | 5 / hour     |            |
 * | verify  | per IP (links, resends)  | 30 / 15 min  |            |
 * | verify  | per user (resends)       | 5 / hour     |            |
 * | mfa     | per (user, IP)           | 5 / 15 min   | clear      |
 * | mfa     | per user                 | 20 / 15 min  | refund     |
 *
 * Keys are `<scope>:<ip|account|account-ip>:<SHA-256 of the identity, 128 bits, base64url>`: no
 * email addresses or IPs in clear in the table. IPv6 addresses count per /64 (what one
 * subscriber gets), IPv4-mapped IPv6 as IPv4. A request without an IP counts as "unknown" and
 * shares that bucket with every other one: the web layer must pass the client's address.
 */
import crypto from 'node:crypto'
import net from 'node:net'
import { db } from '../db'
import { AppError } from '../errors/app-error'

export type RateLimitScope = 'sign-in' | 'sign-up' | 'reset' | 'verify' | 'mfa'

export interface RateLimitRule {
  by: 'ip' | 'account' | 'account-ip'
  limit: number
  windowSeconds: number
  /** What a successful attempt does to this bucket (default: nothing, the attempt counts). */
  onSuccess?: 'clear' | 'refund'
}

const MINUTES = 60
const HOUR = 3600

export const RATE_LIMIT_POLICIES: Record<RateLimitScope, readonly RateLimitRule[]> = {
  'sign-in': [
    { by: 'ip', limit: 50, windowSeconds: 15 * MINUTES, onSuccess: 'refund' },
    { by: 'account-ip', limit: 5, windowSeconds: 15 * MINUTES, onSuccess: 'clear' },
  ],
  'sign-up': [{ by: 'ip', limit: 10, windowSeconds: HOUR }],
  reset: [
    { by: 'ip', limit: 10, windowSeconds: HOUR },
    { by: 'account', limit: 5, windowSeconds: HOUR },
  ],
  verify: [
    { by: 'ip', limit: 30, windowSeconds: 15 * MINUTES },
    { by: 'account', limit: 5, windowSeconds: HOUR },
  ],
  mfa: [
    { by: 'account-ip', limit: 5, windowSeconds: 15 * MINUTES, onSuccess: 'clear' },
    { by: 'account', limit: 20, windowSeconds: 15 * MINUTES, onSuccess: 'refund' },
  ],
}

const REFUSAL_MESSAGES: Record<RateLimitScope, string> = {
  'sign-in': 'Too many sign-in attempts.',
  'sign-up': 'Too many sign-ups from your network.',
  reset: 'Too many password reset requests.',
  verify: 'Too many verification requests.',
  mfa: 'Too many codes tried.',
}

export type RateLimitDecision = { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number }

// ---------------------------------------------------------------------------------------------
// Pure parts

/** The decision for a bucket that holds `count` hits (this one included) until `resetAt`. */
export function decide(count: number, limit: number, resetAt: Date, now: Date): RateLimitDecision {
  if (count <= limit) return { ok: true, remaining: limit - count }
  return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil((resetAt.getTime() - now.getTime()) / 1000)) }
}

/** "in 45 seconds", "in 1 minute", "in 15 minutes". */
export function formatRetryAfter(seconds: number): string {
  if (seconds < 60) return `in ${seconds} second${seconds === 1 ? '' : 's'}`
  const minutes = Math.ceil(seconds / 60)
  return `in ${minutes} minute${minutes === 1 ? '' : 's'}`
}

/** The address a rate limit counts: IPv4 as is, IPv6 per /64, IPv4-mapped IPv6 as IPv4, "unknown" when missing. */
export function clientAddress(ip: string | undefined | null): string {
  let value = ip?.trim().toLowerCase() ?? ''
  if (value.startsWith('[') && value.includes(']')) value = value.slice(1, value.indexOf(']')) // [::1]:443
  value = value.replace(/%.*$/, '') // zone index: fe80::1%eth0
  if (!value) return 'unknown'
  if (net.isIPv4(value)) return value
  if (net.isIPv6(value)) {
    const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(value)?.[1]
    if (mapped && net.isIPv4(mapped)) return mapped
    return `${ipv6Groups(value).slice(0, 4).join(':')}::/64`
  }
  return value.slice(0, 100) // not an address (a proxy's placeholder): counted as given
}

/** The eight 16-bit groups of a valid IPv6 address, in shortest hex. */
function ipv6Groups(address: string): string[] {
  let text = address
  const v4 = /(\d{1,3}(?:\.\d{1,3}){3})$/.exec(text)?.[1]
  if (v4) {
    const [a = 0, b = 0, c = 0, d = 0] = v4.split('.').map(Number)
    text = `${text.slice(0, -v4.length)}${((a << 8) | b).toString(16)}:${((c << 8) | d).toString(16)}`
  }
  let groups: string[]
  if (text.includes('::')) {
    const [head = '', tail = ''] = text.split('::')
    const left = head ? head.split(':') : []
    const right = tail ? tail.split(':') : []
    groups = [...left, ...Array<string>(8 - left.length - right.length).fill('0'), ...right]
  } else {
    groups = text.split(':')
  }
  return groups.map((group) => parseInt(group, 16).toString(16))
}

function digest(identity: string): string {
  return crypto.createHash('sha256').update(identity, 'utf8').digest('base64url').slice(0, 22)
}

export interface RateLimitIdentity {
  /** The client's IP address (ctx.ip). */
  ip?: string | null
  /** The account the attempt is about: a normalized email, or a user id. */
  account?: string | null
}

/** The bucket key of a rule, or null when the rule needs an account and there is none. */
export function rateLimitKey(scope: RateLimitScope, by: RateLimitRule['by'], identity: RateLimitIdentity): string | null {
  const address = clientAddress(identity.ip)
  const account = identity.account?.trim()
  if (by === 'ip') return `${scope}:ip:${digest(address)}`
  if (!account) return null
  return by === 'account' ? `${scope}:account:${digest(account)}` : `${scope}:account-ip:${digest(`${account}\n${address}`)}`
}

// ---------------------------------------------------------------------------------------------
// The counter

export interface HitOptions {
  key: string
  limit: number
  windowSeconds: number
  now?: Date
}

interface Bucket {
  count: number
  windowStart: Date
  resetAt: Date
}

const MAX_COUNT = 1_000_000_000 // far below INT4's limit: a counter never overflows

/** Counts one hit in the bucket `key` (one atomic statement) and returns the bucket after it. */
async function increment({ key, windowSeconds, now = new Date() }: Omit<HitOptions, 'limit'>): Promise<Bucket> {
  const resetAt = new Date(now.getTime() + windowSeconds * 1000)
  const rows = await db.$queryRawUnsafe<{ count: number; windowStartMs: number; resetAtMs: number }[]>(
    `INSERT INTO "RateLimitBucket" ("key", "count", "windowStart", "resetAt")
     VALUES ($1, 1, $2::timestamp, $3::timestamp)
     ON CONFLICT ("key") DO UPDATE SET
       "count" = CASE WHEN "RateLimitBucket"."resetAt" <= EXCLUDED."windowStart" THEN 1
                      ELSE LEAST("RateLimitBucket"."count" + 1, ${MAX_COUNT}) END,
       "windowStart" = CASE WHEN "RateLimitBucket"."resetAt" <= EXCLUDED."windowStart" THEN EXCLUDED."windowStart"
                            ELSE "RateLimitBucket"."windowStart" END,
       "resetAt" = CASE WHEN "RateLimitBucket"."resetAt" <= EXCLUDED."windowStart" THEN EXCLUDED."resetAt"
                        ELSE "RateLimitBucket"."resetAt" END
     RETURNING "count",
       (extract(epoch FROM "windowStart") * 1000)::float8 AS "windowStartMs",
       (extract(epoch FROM "resetAt") * 1000)::float8 AS "resetAtMs"`,
    key,
    now.toISOString(),
    resetAt.toISOString(),
  )
  const row = rows[0]
  if (!row) throw new Error(`rate limit upsert returned no row for ${key}`)
  return { count: Number(row.count), windowStart: new Date(Number(row.windowStartMs)), resetAt: new Date(Number(row.resetAtMs)) }
}

/** Counts one hit against `key` and says whether it is within `limit` hits per window. */
export async function hit(options: HitOptions): Promise<RateLimitDecision> {
  const bucket = await increment(options)
  return decide(bucket.count, options.limit, bucket.resetAt, options.now ?? new Date())
}

/** Forgets the bucket (a successful sign-in clears its (account, IP) counter). */
export async function clearRateLimit(key: string): Promise<void> {
  await db.rateLimitBucket.deleteMany({ where: { key } })
}

/** Gives one hit back, provided the bucket is still in the window the hit was counted in. */
export async function refundRateLimit(key: string, windowStart: Date): Promise<void> {
  await db.$executeRawUnsafe(
    `UPDATE "RateLimitBucket" SET "count" = "count" - 1 WHERE "key" = $1 AND "windowStart" = $2::timestamp AND "count" > 0`,
    key,
    windowStart.toISOString(),
  )
}

// ---------------------------------------------------------------------------------------------
// Policies

/** An attempt that passed every rule of its scope; report a success so the rules can give it back. */
export interface RateLimitAttempt {
  succeeded(): Promise<void>
}

export type RateLimitCheck =
  | { ok: true; attempt: RateLimitAttempt }
  | {
      ok: false
      retryAfterSeconds: number
      rule: RateLimitRule
      /** The first refusal of this window (worth an audit entry). */ isFirstRefusal: boolean
    }

/**
 * Counts one attempt against every rule of `scope` that applies to `identity`, in order, and
 * stops at the first rule that refuses it.
 */
export async function checkRateLimit(
  scope: RateLimitScope,
  identity: RateLimitIdentity,
  options: { now?: Date } = {},
): Promise<RateLimitCheck> {
  const now = options.now ?? new Date()
  const counted: { key: string; rule: RateLimitRule; windowStart: Date }[] = []
  for (const rule of RATE_LIMIT_POLICIES[scope]) {
    const key = rateLimitKey(scope, rule.by, identity)
    if (!key) continue
    const bucket = await increment({ key, windowSeconds: rule.windowSeconds, now })
    const decision = decide(bucket.count, rule.limit, bucket.resetAt, now)
    if (!decision.ok)
      return { ok: false, retryAfterSeconds: decision.retryAfterSeconds, rule, isFirstRefusal: bucket.count === rule.limit + 1 }
    counted.push({ key, rule, windowStart: bucket.windowStart })
  }
  return {
    ok: true,
    attempt: {
      async succeeded() {
        for (const { key, rule, windowStart } of counted) {
          if (rule.onSuccess === 'clear') await clearRateLimit(key)
          else if (rule.onSuccess === 'refund') await refundRateLimit(key, windowStart)
        }
      },
    },
  }
}

export function rateLimitedError(scope: RateLimitScope, retryAfterSeconds: number): AppError {
  return new AppError('RATE_LIMITED', `${REFUSAL_MESSAGES[scope]} Try again ${formatRetryAfter(retryAfterSeconds)}.`, { retryAfterSeconds })
}

/** checkRateLimit, throwing AppError('RATE_LIMITED') with `retryAfterSeconds` when refused. */
export async function limitAttempt(
  scope: RateLimitScope,
  identity: RateLimitIdentity,
  options: { now?: Date } = {},
): Promise<RateLimitAttempt> {
  const check = await checkRateLimit(scope, identity, options)
  if (!check.ok) throw rateLimitedError(scope, check.retryAfterSeconds)
  return check.attempt
}
