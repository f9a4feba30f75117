/**
 * A tenant's license: an RS256 JWT (tenant, organization, plan, expiry) mounted into the instance,
 * which verifies it against /.well-known/jwks.json.
 */
import { sign } from 'node:crypto'
import { getEnv } from '../env'
import { getSigningKey } from './signing-key'

export interface LicenseClaims {
  iss: string
  sub: string
  org: string
  plan: string
  iat: number
  exp: number
}

export async function issueLicense(input: {
  tenantId: string
  orgId: string
  planId: string
  expiresAt?: Date
  now?: Date
}): Promise<{ token: string; expiresAt: Date }> {
  const env = getEnv()
  const now = input.now ?? new Date()
  const expiresAt = input.expiresAt ?? new Date(now.getTime() + env.LICENSE_TTL_DAYS * 86_400_000)
  const key = await getSigningKey()
  const header = { alg: 'RS256', typ: 'JWT', kid: key.kid }
  const claims: LicenseClaims = {
    iss: env.appUrl,
    sub: input.tenantId,
    org: input.orgId,
    plan: input.planId,
    iat: Math.floor(now.getTime() / 1000),
    exp: Math.floor(expiresAt.getTime() / 1000),
  }
  const signingInput = `${b64(header)}.${b64(claims)}`
  const signature = sign('RSA-SHA256', Buffer.from(signingInput), key.privateKey).toString('base64url')
  return { token: `${signingInput}.${signature}`, expiresAt }
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url')
