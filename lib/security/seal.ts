/**
 * Seals short secrets at rest (AES-256-GCM; key derived from AUTH_SECRET with HKDF), e.g. an
 * instance's first admin password until its owner reveals it once, or the stored license signing key.
 */
import { createCipheriv, createDecipheriv, hkdfSync, randomBytes } from 'node:crypto'
import { getEnv } from '../env'

function key(purpose: string): Buffer {
  return Buffer.from(hkdfSync('sha256', getEnv().AUTH_SECRET, Buffer.alloc(0), `tenancy:${purpose}`, 32))
}

export function seal(plaintext: string, purpose: string): string {
  const iv = randomBytes(12)
  const cipher = createCipheriv('aes-256-gcm', key(purpose), iv)
  const body = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()])
  return ['v1', iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), body.toString('base64url')].join('.')
}

/** Throws when the value was tampered with or sealed under another secret or purpose. */
export function unseal(sealed: string, purpose: string): string {
  const [version, iv, tag, body] = sealed.split('.')
  if (version !== 'v1' || !iv || !tag || body === undefined) throw new Error('Not a sealed value')
  const decipher = createDecipheriv('aes-256-gcm', key(purpose), Buffer.from(iv, 'base64url'))
  decipher.setAuthTag(Buffer.from(tag, 'base64url'))
  return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString('utf8')
}
