/**
 * The cryptography of the second factor for super-admins, with no database and no framework:
 * TOTP (RFC 6238: SHA-1, 6 digits, 30 s, issuer "Tenancy"), the encryption of its secret and the
 * ten single-use recovery codes. The use cases are begin-totp-enrollment.ts,
 * confirm-totp-enrollment.ts and verify-second-factor.ts.
 *
 * - The TOTP secret is encrypted at rest (User.totpSecret) with AES-256-GCM under a key derived
 *   from AUTH_SECRET by HKDF-SHA-256; the user id is the additional authenticated data, so a
 *   ciphertext copied onto another user does not decrypt. Stored as `v1.<iv>.<ciphertext>.<tag>`
 *   (base64url). Changing AUTH_SECRET makes the secrets unreadable: the admins then sign in with
 *   a recovery code and enrol again.
 * - Recovery codes are 16 Crockford base32 characters (80 random bits), shown as
 *   `xxxx-xxxx-xxxx-xxxx`; only their SHA-256 is stored (80 bits do not need a slow hash), so they
 *   keep working if AUTH_SECRET changes.
 * - Codes are accepted one step either side of now (±30 s of clock drift).
 */
import crypto from 'node:crypto'
import { Secret, TOTP } from 'otpauth'
import { getEnv } from '../env'

export const TOTP_ISSUER = 'Tenancy'
export const TOTP_PERIOD_SECONDS = 30
export const TOTP_DIGITS = 6
/** Steps accepted either side of the current one. */
export const TOTP_WINDOW = 1
export const RECOVERY_CODE_COUNT = 10

// ---------------------------------------------------------------------------------------------
// Encryption of the secret

const ENCRYPTION_VERSION = 'v1'

function encryptionKey(authSecret: string): Buffer {
  return Buffer.from(crypto.hkdfSync('sha256', authSecret, 'tenancy', 'tenancy/totp-secret/v1', 32))
}

/** AES-256-GCM of the base32 secret, bound to the user id. */
export function encryptTotpSecret(secretBase32: string, userId: string, authSecret: string = getEnv().AUTH_SECRET): string {
  const iv = crypto.randomBytes(12)
  const cipher = crypto.createCipheriv('aes-256-gcm', encryptionKey(authSecret), iv)
  cipher.setAAD(Buffer.from(userId, 'utf8'))
  const ciphertext = Buffer.concat([cipher.update(secretBase32, 'utf8'), cipher.final()])
  return [ENCRYPTION_VERSION, iv.toString('base64url'), ciphertext.toString('base64url'), cipher.getAuthTag().toString('base64url')].join(
    '.',
  )
}

/** The base32 secret; throws when the value was tampered with, belongs to another user or another AUTH_SECRET. */
export function decryptTotpSecret(stored: string, userId: string, authSecret: string = getEnv().AUTH_SECRET): string {
  const [version, iv, ciphertext, tag] = stored.split('.')
  if (version !== ENCRYPTION_VERSION || !iv || !ciphertext || !tag) throw new Error('Unrecognized TOTP secret format')
  const decipher = crypto.createDecipheriv('aes-256-gcm', encryptionKey(authSecret), Buffer.from(iv, 'base64url'))
  decipher.setAAD(Buffer.from(userId, 'utf8'))
  decipher.setAuthTag(Buffer.from(tag, 'base64url'))
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8')
}

// ---------------------------------------------------------------------------------------------
// Codes

/** A new random TOTP secret (160 bits), base32. */
export function generateTotpSecret(): string {
  return new Secret({ size: 20 }).base32
}

export function totpFor(secretBase32: string, label: string): TOTP {
  return new TOTP({
    issuer: TOTP_ISSUER,
    label,
    algorithm: 'SHA1',
    digits: TOTP_DIGITS,
    period: TOTP_PERIOD_SECONDS,
    secret: Secret.fromBase32(secretBase32),
  })
}

/** The time step of a valid code (now's step ± the window), or null. */
export function matchTotpStep(totp: TOTP, code: string, now: Date): number | null {
  const delta = totp.validate({ token: code, timestamp: now.getTime(), window: TOTP_WINDOW })
  return delta === null ? null : totp.counter({ timestamp: now.getTime() }) + delta
}

const CROCKFORD = '0123456789abcdefghjkmnpqrstvwxyz'

/** Ten fresh recovery codes, `xxxx-xxxx-xxxx-xxxx`. */
export function generateRecoveryCodes(count = RECOVERY_CODE_COUNT): string[] {
  return Array.from({ length: count }, () => {
    const bytes = crypto.randomBytes(16)
    const chars = Array.from(bytes, (byte) => CROCKFORD[byte & 31]).join('')
    return chars.match(/.{4}/g)!.join('-')
  })
}

/** What a typed code means: six digits (TOTP), a recovery code (normalized), or neither. */
export function classifyCode(code: string): { kind: 'totp'; code: string } | { kind: 'recovery'; code: string } | { kind: 'invalid' } {
  const compact = code.replace(/[\s-]/g, '').toLowerCase()
  if (/^\d{6}$/.test(compact)) return { kind: 'totp', code: compact }
  // Crockford base32 reads i and l as 1, o as 0.
  const normalized = compact.replace(/[il]/g, '1').replace(/o/g, '0')
  if (normalized.length === 16 && [...normalized].every((c) => CROCKFORD.includes(c))) return { kind: 'recovery', code: normalized }
  return { kind: 'invalid' }
}

/** SHA-256 of a normalized recovery code, hex (RecoveryCode.codeHash). */
export function hashRecoveryCode(normalizedCode: string): string {
  return crypto.createHash('sha256').update(`tenancy-recovery:${normalizedCode}`, 'utf8').digest('hex')
}
