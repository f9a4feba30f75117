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
 * No lockout. A third party must not be able to keep a user out by spending their limits, from
 * however many addresses. So attempts are limited per (account, IP) and per IP: the attacker's
 * attempts fill buckets keyed by the attacker's addresses, and the user still gets through from
 * theirs. Rules are checked in order, address rules first: a client already refused for its IP
 * adds nothing to buckets keyed by an account. Two kinds of per-account rule remain, neither of
 * which can lock the owner out:
 * - a ceiling on guesses from addresses the account has not proved itself from
 *   (`exceptKnownAddress`): a success remembers its address for 30 days (`known` below), and
 *   from a remembered address the ceiling neither counts nor refuses. It bounds what a botnet
 *   rotating its addresses can try against one account (six TOTP digits need it; passwords get
 *   one too), while the owner, from where they signed in before, is not stopped by it. From a
 *   new address during such an attack the owner is refused until the window ends, or resets the
 *   password (which remembers the address) or uses a recovery code (no ceiling: 80 bits);
 * - a cap on emails sent to one address (`silent` scopes): over it the request is answered
 *   exactly as before and no email goes out. A reset link lasts as long as that window, so the
 *   owner's mailbox already holds a live link the attacker's requests sent; nothing is refused.
 *
 * | scope         | rule                                            | limit        | on success |
 * | ------------- | ----------------------------------------------- | ------------ | ---------- |
 * | sign-in       | per IP                                          | 50 / 15 min  | refund     |
 * | sign-in       | per (email, IP)                                 | 5 / 15 min   | clear      |
 * | sign-in       | per email, from addresses it never signed in at | 100 / hour   | refund     |
 * | sign-up       | per IP                                          | 10 / hour    |            |
 * | sign-up-email | per email: emails sent (silent)                 | 3 / hour     |            |
 * | reset         | per IP (request, confirm)                       | 10 / hour    |            |
 * | reset         | per (email, IP) (request)                       | 5 / hour     |            |
 * | reset-email   | per email: emails sent (silent)                 | 5 / 30 min   |            |
 * | verify        | per IP (links, resends)                         | 30 / 15 min  |            |
 * | verify        | per user (resends: the signed-in user only)     | 5 / hour     |            |
 * | mfa           | per IP                                          | 20 / 15 min  | refund     |
 * | mfa           | per (user, IP)                                  | 5 / 15 min   | clear      |
 * | mfa           | per user, from addresses that never passed it   | 20 / hour    | refund     |
 * | mfa-recovery  | per IP                                          | 20 / 15 min  | refund     |
 * | mfa-recovery  | per (user, IP)                                  | 5 / 15 min   | clear      |
 *
 * Keys are `<scope>:<ip|account|account-ip|known>:<SHA-256 of the identity, 128 bits, base64url>`:
 * no email addresses or IPs in clear in the table. IPv6 addresses count per /64 (what one
 * subscriber gets), IPv4-mapped IPv6 as IPv4. A request without an IP counts as "unknown" and
 * shares that bucket with every other one (the web layer must pass the client's address); it is
 * never remembered as known.
 */
import crypto from 'node:crypto'
import net from 'node:net'
import { db } from '../db'
import { AppError } from '../errors/app-error'
import { PASSWORD_RESET_TTL_MS } from './tokens'

export type RateLimitScope = 'sign-in' | 'sign-up' | 'sign-up-email' | 'reset' | 'reset-email' | 'verify' | 'mfa' | 'mfa-recovery'

export interface RateLimitRule {
  by: 'ip' | 'account' | 'account-ip'
  limit: number
  windowSeconds: number
  /** What a successful attempt does to this bucket (default: nothing, the attempt counts). */
  onSuccess?: 'clear' | 'refund'
  /** Neither counted nor refusing at an address the account proved itself from (a success there, in the last 30 days). */
  exceptKnownAddress?: boolean
  /** Added to the refusal of this rule. */
  hint?: string
}

const MINUTES = 60
const HOUR = 3600
/** How long a success keeps its address known to the account. */
export const KNOWN_ADDRESS_DAYS = 30

export const RATE_LIMIT_POLICIES: Record<RateLimitScope, readonly RateLimitRule[]> = {
  'sign-in': [
    { by: 'ip', limit: 50, windowSeconds: 15 * MINUTES, onSuccess: 'refund' },
    { by: 'account-ip', limit: 5, windowSeconds: 15 * MINUTES, onSuccess: 'clear' },
    {
      by: 'account',
      limit: 100,
      windowSeconds: HOUR,
      onSuccess: 'refund',
      exceptKnownAddress: true,
      hint: 'If this is your account, resetting its password lets you sign in from here at once.',
    },
  ],
  'sign-up': [{ by: 'ip', limit: 10, windowSeconds: HOUR }],
  'sign-up-email': [{ by: 'account', limit: 3, windowSeconds: HOUR }],
  reset: [
    { by: 'ip', limit: 10, windowSeconds: HOUR },
    { by: 'account-ip', limit: 5, windowSeconds: HOUR },
  ],
  // As long as a reset link lives: when this cap stops the emails, the last one sent is still valid.
  'reset-email': [{ by: 'account', limit: 5, windowSeconds: PASSWORD_RESET_TTL_MS / 1000 }],
  verify: [
    { by: 'ip', limit: 30, windowSeconds: 15 * MINUTES },
    { by: 'account', limit: 5, windowSeconds: HOUR },
  ],
  mfa: [
    { by: 'ip', limit: 20, windowSeconds: 15 * MINUTES, onSuccess: 'refund' },
    { by: 'account-ip', limit: 5, windowSeconds: 15 * MINUTES, onSuccess: 'clear' },
    {
      by: 'account',
      limit: 20,
      windowSeconds: HOUR,
      onSuccess: 'refund',
      exceptKnownAddress: true,
      hint: 'A recovery code still works from here.',
    },
  ],
  'mfa-recovery': [
    { by: 'ip', limit: 20, windowSeconds: 15 * MINUTES, onSuccess: 'refund' },
    { by: 'account-ip', limit: 5, windowSeconds: 15 * MINUTES, onSuccess: 'clear' },
  ],
}

const REFUSAL_MESSAGES: Record<RateLimitScope, string> = {
  'sign-in': 'Too many sign-in attempts.',
  'sign-up': 'Too many sign-ups from your network.',
  'sign-up-email': 'Too many sign-ups for this address.',
  reset: 'Too many password reset requests.',
  'reset-email': 'Too many password reset requests.',
  verify: 'Too many verification requests.',
  mfa: 'Too many codes tried.',
  'mfa-recovery': 'Too many recovery codes tried.',
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

/** The key remembering that the account proved itself from this address, or null (no account, or no address). */
export function knownAddressKey(scope: RateLimitScope, identity: RateLimitIdentity): string | null {
  const address = clientAddress(identity.ip)
  const account = identity.account?.trim()
  if (!account || address === 'unknown') return null
  return `${scope}:known:${digest(`${account}\n${address}`)}`
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

/** Remembers that the account proved itself from this address (until KNOWN_ADDRESS_DAYS from now). */
export async function rememberKnownAddress(scope: RateLimitScope, identity: RateLimitIdentity, now: Date = new Date()): Promise<void> {
  const key = knownAddressKey(scope, identity)
  if (!key) return
  const resetAt = new Date(now.getTime() + KNOWN_ADDRESS_DAYS * 86_400_000)
  await db.$executeRawUnsafe(
    `INSERT INTO "RateLimitBucket" ("key", "count", "windowStart", "resetAt") VALUES ($1, 1, $2::timestamp, $3::timestamp)
     ON CONFLICT ("key") DO UPDATE SET "windowStart" = EXCLUDED."windowStart", "resetAt" = EXCLUDED."resetAt"`,
    key,
    now.toISOString(),
    resetAt.toISOString(),
  )
}

/** Whether the account proved itself from this address in the last KNOWN_ADDRESS_DAYS. */
export async function isKnownAddress(scope: RateLimitScope, identity: RateLimitIdentity, now: Date = new Date()): Promise<boolean> {
  const key = knownAddressKey(scope, identity)
  if (!key) return false
  return (await db.rateLimitBucket.count({ where: { key, resetAt: { gt: now } } })) > 0
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
  const rules = RATE_LIMIT_POLICIES[scope]
  let known: boolean | undefined
  for (const rule of rules) {
    const key = rateLimitKey(scope, rule.by, identity)
    if (!key) continue
    if (rule.exceptKnownAddress && (known ??= await isKnownAddress(scope, identity, now))) continue
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
        if (rules.some((rule) => rule.exceptKnownAddress)) await rememberKnownAddress(scope, identity, now)
      },
    },
  }
}

export function rateLimitedError(scope: RateLimitScope, retryAfterSeconds: number, rule?: RateLimitRule): AppError {
  const message = `${REFUSAL_MESSAGES[scope]} Try again ${formatRetryAfter(retryAfterSeconds)}.${rule?.hint ? ` ${rule.hint}` : ''}`
  return new AppError('RATE_LIMITED', message, { retryAfterSeconds })
}

/** checkRateLimit, throwing AppError('RATE_LIMITED') with `retryAfterSeconds` when refused. */
export async function limitAttempt(
  scope: RateLimitScope,
  identity: RateLimitIdentity,
  options: { now?: Date } = {},
): Promise<RateLimitAttempt> {
  const check = await checkRateLimit(scope, identity, options)
  if (!check.ok) throw rateLimitedError(scope, check.retryAfterSeconds, check.rule)
  return check.attempt
}

/**
 * The silent caps on emails to one address: counts this email and says whether it may go out. The
 * caller answers the same either way (a refusal here is never shown, so it cannot lock anyone out).
 */
export async function mayEmail(scope: 'sign-up-email' | 'reset-email', email: string, options: { now?: Date } = {}): Promise<boolean> {
  return (await checkRateLimit(scope, { account: email }, options)).ok
}
