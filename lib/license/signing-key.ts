/**
 * The RS256 key that signs tenant licenses: LICENSE_SIGNING_KEY when configured, otherwise one
 * generated on first use and stored (so every worker and restart signs with the same key).
 * The stored private key is sealed like the other secrets at rest (lib/security/seal.ts, a key
 * derived from AUTH_SECRET): `LicenseSigningKey.privateKeyPem` holds `v1.…`, never the PEM. A row
 * stored in plain text before is sealed and written back the first time it is read. A row that
 * does not unseal (AUTH_SECRET changed) is an error naming the fix, never a new key in its place.
 */
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, type JsonWebKey, type KeyObject } from 'node:crypto'
import { db } from '../db'
import { getEnv } from '../env'
import { seal, unseal } from '../security/seal'

export const SIGNING_KEY_PURPOSE = 'license-signing-key'
/** How a row stored before sealing begins. */
const PLAIN_PEM = /^\s*-----BEGIN [A-Z ]*PRIVATE KEY-----/

export interface SigningKey {
  kid: string
  privateKey: KeyObject
  publicJwk: PublicJwk
}

export interface PublicJwk {
  kty: 'RSA'
  n: string
  e: string
  kid: string
  alg: 'RS256'
  use: 'sig'
}

/** RFC 7638 thumbprint: a stable key id derived from the public key itself. */
function thumbprint(jwk: JsonWebKey): string {
  const canonical = JSON.stringify({ e: jwk.e, kty: jwk.kty, n: jwk.n })
  return createHash('sha256').update(canonical).digest('base64url')
}

function publicJwkOf(privateKey: KeyObject): PublicJwk {
  const jwk = createPublicKey(privateKey).export({ format: 'jwk' })
  if (jwk.kty !== 'RSA' || !jwk.n || !jwk.e) throw new Error('License signing key must be an RSA key')
  return { kty: 'RSA', n: jwk.n, e: jwk.e, kid: thumbprint(jwk), alg: 'RS256', use: 'sig' }
}

let configured: { pem: string; key: SigningKey } | undefined

function configuredKey(pem: string): SigningKey {
  if (configured?.pem !== pem) {
    let privateKey: KeyObject
    try {
      privateKey = createPrivateKey(pem.replace(/\\n/g, '\n'))
    } catch {
      throw new Error('LICENSE_SIGNING_KEY is not a PEM private key')
    }
    if (privateKey.asymmetricKeyType !== 'rsa' || (privateKey.asymmetricKeyDetails?.modulusLength ?? 0) < 2048) {
      throw new Error('LICENSE_SIGNING_KEY must be an RSA key of at least 2048 bits')
    }
    const publicJwk = publicJwkOf(privateKey)
    configured = { pem, key: { kid: publicJwk.kid, privateKey, publicJwk } }
  }
  return configured.key
}

export class SigningKeyUnreadableError extends Error {
  constructor(readonly kid: string) {
    super(
      `The stored license signing key ${kid} cannot be unsealed: AUTH_SECRET is not the one it was sealed with. ` +
        'Restore that AUTH_SECRET, or configure LICENSE_SIGNING_KEY; no new key is made in its place.',
    )
    this.name = 'SigningKeyUnreadableError'
  }
}

/** The stored row's PEM: unsealed, or (a row from before sealing) sealed now and written back. */
async function storedPem(stored: { kid: string; privateKeyPem: string }): Promise<string> {
  if (PLAIN_PEM.test(stored.privateKeyPem)) {
    // Conditional: a process that sealed it meanwhile wins, and its value is as good.
    await db.licenseSigningKey.updateMany({
      where: { kid: stored.kid, privateKeyPem: stored.privateKeyPem },
      data: { privateKeyPem: seal(stored.privateKeyPem, SIGNING_KEY_PURPOSE) },
    })
    return stored.privateKeyPem
  }
  try {
    return unseal(stored.privateKeyPem, SIGNING_KEY_PURPOSE)
  } catch {
    throw new SigningKeyUnreadableError(stored.kid)
  }
}

/** The key licenses are signed with now. */
export async function getSigningKey(): Promise<SigningKey> {
  const pem = getEnv().LICENSE_SIGNING_KEY
  if (pem) return configuredKey(pem)
  const stored = await db.licenseSigningKey.findFirst({ orderBy: [{ createdAt: 'desc' }, { kid: 'asc' }] })
  if (stored)
    return { kid: stored.kid, privateKey: createPrivateKey(await storedPem(stored)), publicJwk: stored.publicJwk as unknown as PublicJwk }
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
  const publicJwk = publicJwkOf(privateKey)
  const sealedPem = seal(privateKey.export({ format: 'pem', type: 'pkcs8' }).toString(), SIGNING_KEY_PURPOSE)
  // Two processes racing here each store a key; both are published, the newest signs.
  await db.licenseSigningKey.upsert({
    where: { kid: publicJwk.kid },
    create: { kid: publicJwk.kid, privateKeyPem: sealedPem, publicJwk: { ...publicJwk } },
    update: {},
  })
  return { kid: publicJwk.kid, privateKey, publicJwk }
}

/** Every public key a valid license may be signed with (for /.well-known/jwks.json). */
export async function listPublicKeys(): Promise<PublicJwk[]> {
  const pem = getEnv().LICENSE_SIGNING_KEY
  const stored = await db.licenseSigningKey.findMany({ orderBy: { createdAt: 'desc' }, select: { publicJwk: true } })
  const keys = stored.map((k) => k.publicJwk as unknown as PublicJwk)
  return pem ? [configuredKey(pem).publicJwk, ...keys] : keys
}
