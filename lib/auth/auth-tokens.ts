/**
 * Single-use tokens of emailed links (AuthToken): issued with a lifetime, stored as their SHA-256,
 * consumed by one conditional UPDATE … RETURNING (unused and unexpired → used now), so of two
 * concurrent uses exactly one wins.
 */
import type { AuthTokenPurpose, Db } from '../db'
import { db } from '../db'
import { generateToken, hashToken, isWellFormedToken } from './tokens'

type Client = Pick<Db, 'authToken'>

export interface IssuedToken {
  /** The raw token: goes into the email link, never stored. */
  token: string
  tokenId: string
  expiresAt: Date
}

export async function issueAuthToken(
  options: { userId: string; purpose: AuthTokenPurpose; ttlMs: number; now?: Date },
  client: Client = db,
): Promise<IssuedToken> {
  const now = options.now ?? new Date()
  const token = generateToken()
  const expiresAt = new Date(now.getTime() + options.ttlMs)
  const row = await client.authToken.create({
    data: { userId: options.userId, purpose: options.purpose, tokenHash: hashToken(token), expiresAt, createdAt: now },
    select: { id: true },
  })
  return { token, tokenId: row.id, expiresAt }
}

/** The token's row if it can still be used (read only; consume it with consumeAuthToken). */
export async function findUsableAuthToken(
  token: unknown,
  purpose: AuthTokenPurpose,
  now: Date = new Date(),
  client: Client = db,
): Promise<{ id: string; userId: string } | null> {
  if (!isWellFormedToken(token)) return null
  return client.authToken.findFirst({
    where: { tokenHash: hashToken(token), purpose, usedAt: null, expiresAt: { gt: now } },
    select: { id: true, userId: true },
  })
}

/** Marks the token used if it is unused and unexpired; null when it is not (any more). */
export async function consumeAuthToken(
  token: unknown,
  purpose: AuthTokenPurpose,
  now: Date = new Date(),
  client: Client = db,
): Promise<{ id: string; userId: string } | null> {
  if (!isWellFormedToken(token)) return null
  const [row] = await client.authToken.updateManyAndReturn({
    where: { tokenHash: hashToken(token), purpose, usedAt: null, expiresAt: { gt: now } },
    data: { usedAt: now },
    select: { id: true, userId: true },
  })
  return row ?? null
}

/** Retires the user's other outstanding tokens of a purpose (after one of them did its job). */
export async function retireAuthTokens(
  userId: string,
  purpose: AuthTokenPurpose,
  now: Date = new Date(),
  client: Client = db,
): Promise<number> {
  const { count } = await client.authToken.updateMany({ where: { userId, purpose, usedAt: null }, data: { usedAt: now } })
  return count
}
