/**
 * Verifies a license the way an instance does: signature against a published JWK (by kid),
 * algorithm pinned to RS256, expiry checked.
 */
import { createPublicKey, verify } from 'node:crypto'
import type { LicenseClaims } from './issue-license'
import type { PublicJwk } from './signing-key'

export class LicenseError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'LicenseError'
  }
}

export function verifyLicense(token: string, keys: PublicJwk[], now: Date = new Date()): LicenseClaims {
  const parts = token.split('.')
  if (parts.length !== 3) throw new LicenseError('License is not a JWT')
  const [h, p, s] = parts as [string, string, string]
  let header: { alg?: string; kid?: string }
  let claims: LicenseClaims
  try {
    header = JSON.parse(Buffer.from(h, 'base64url').toString('utf8'))
    claims = JSON.parse(Buffer.from(p, 'base64url').toString('utf8'))
  } catch {
    throw new LicenseError('License is not valid JSON')
  }
  if (header.alg !== 'RS256') throw new LicenseError(`License algorithm ${String(header.alg)} is not RS256`)
  const jwk = keys.find((k) => k.kid === header.kid)
  if (!jwk) throw new LicenseError('License is signed by an unknown key')
  const ok = verify(
    'RSA-SHA256',
    Buffer.from(`${h}.${p}`),
    createPublicKey({ key: { ...jwk }, format: 'jwk' }),
    Buffer.from(s, 'base64url'),
  )
  if (!ok) throw new LicenseError('License signature does not verify')
  if (claims.exp * 1000 <= now.getTime()) throw new LicenseError('License has expired')
  return claims
}
