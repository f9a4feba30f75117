/**
 * Secrets handed to the user once (email links, session cookies): 32 random bytes, base64url
 * (43 characters). Only their SHA-256 is stored, so a copy of the database cannot be replayed:
 * the token has 256 bits of entropy, so a fast hash is enough (no salt, no argon2).
 */
import crypto from 'node:crypto'

export const TOKEN_BYTES = 32
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/

/** How long each kind of emailed link works. */
export const VERIFY_EMAIL_TTL_MS = 24 * 3_600_000
export const PASSWORD_RESET_TTL_MS = 30 * 60_000

export function generateToken(): string {
  return crypto.randomBytes(TOKEN_BYTES).toString('base64url')
}

/** SHA-256 of the token, hex: what AuthToken.tokenHash and Session.sessionToken hold. */
export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token, 'utf8').digest('hex')
}

/** A token generateToken() could have made (anything else cannot match a stored hash). */
export function isWellFormedToken(token: unknown): token is string {
  return typeof token === 'string' && TOKEN_PATTERN.test(token)
}
