import { createPublicKey, generateKeyPairSync } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { resetEnvCache } from '../env'
import { unseal } from '../security/seal'
import { useTestDatabase } from '../testing/use-test-database'
import { issueLicense } from './issue-license'
import { getSigningKey, listPublicKeys, SIGNING_KEY_PURPOSE, SigningKeyUnreadableError } from './signing-key'
import { LicenseError, verifyLicense } from './verify-license'

const database = useTestDatabase()
const authSecret = process.env.AUTH_SECRET
afterEach(() => {
  delete process.env.LICENSE_SIGNING_KEY
  if (authSecret === undefined) delete process.env.AUTH_SECRET
  else process.env.AUTH_SECRET = authSecret
  resetEnvCache()
})

const tenant = { tenantId: 't_1', orgId: 'o_1', planId: 'pro' }

describe('licenses', () => {
  it('signs an RS256 JWT that verifies against the published keys and carries tenant, plan and expiry', async () => {
    const now = new Date('2026-11-22T00:00:00Z')
    const expiresAt = new Date('2027-01-01T00:00:00Z')
    const { token } = await issueLicense({ ...tenant, expiresAt, now })
    const claims = verifyLicense(token, await listPublicKeys(), now)
    expect(claims).toMatchObject({ sub: 't_1', org: 'o_1', plan: 'pro', exp: expiresAt.getTime() / 1000, iat: now.getTime() / 1000 })
    expect(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString())).toMatchObject({ alg: 'RS256', kid: expect.any(String) })
  })

  it('generates the key once and keeps signing with it', async () => {
    const first = await getSigningKey()
    const second = await getSigningKey()
    expect(second.kid).toBe(first.kid)
    expect(await database.db.licenseSigningKey.count()).toBe(1)
    const keys = await listPublicKeys()
    expect(keys.map((k) => k.kid)).toEqual([first.kid])
    expect(Object.keys(keys[0]!).sort()).toEqual(['alg', 'e', 'kid', 'kty', 'n', 'use'])
  })

  it('refuses a tampered payload, an expired license, an unknown key and another algorithm', async () => {
    const now = new Date('2026-11-22T00:00:00Z')
    const { token } = await issueLicense({ ...tenant, expiresAt: new Date('2026-12-01T00:00:00Z'), now })
    const keys = await listPublicKeys()
    const [h, p, s] = token.split('.') as [string, string, string]
    const forged = Buffer.from(JSON.stringify({ ...JSON.parse(Buffer.from(p, 'base64url').toString()), plan: 'enterprise' })).toString(
      'base64url',
    )
    expect(() => verifyLicense(`${h}.${forged}.${s}`, keys, now)).toThrow(/signature/)
    expect(() => verifyLicense(token, keys, new Date('2026-12-02T00:00:00Z'))).toThrow(/expired/)
    expect(() => verifyLicense(token, [{ ...keys[0]!, kid: 'other' }], now)).toThrow(/unknown key/)
    const none = Buffer.from(JSON.stringify({ alg: 'none', kid: keys[0]!.kid })).toString('base64url')
    expect(() => verifyLicense(`${none}.${p}.`, keys, now)).toThrow(LicenseError)
  })

  it('signs with LICENSE_SIGNING_KEY when configured and publishes it first', async () => {
    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
    process.env.LICENSE_SIGNING_KEY = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
    resetEnvCache()
    const { token } = await issueLicense(tenant)
    const keys = await listPublicKeys()
    const configuredKid = (await getSigningKey()).kid
    expect(keys[0]!.kid).toBe(configuredKid)
    expect(verifyLicense(token, [keys[0]!]).sub).toBe('t_1')
  })

  it('refuses a configured key that is not an RSA private key', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' })
    process.env.LICENSE_SIGNING_KEY = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
    resetEnvCache()
    await expect(getSigningKey()).rejects.toThrow(/RSA/)
  })

  describe('the stored key is sealed (AUTH_SECRET), like the other secrets at rest', () => {
    it('stores no PEM when it makes the key; the sealed value is that key', async () => {
      await database.db.licenseSigningKey.deleteMany()
      const key = await getSigningKey()
      const row = await database.db.licenseSigningKey.findUniqueOrThrow({ where: { kid: key.kid } })
      expect(row.privateKeyPem).not.toMatch(/PRIVATE KEY|-----/)
      expect(row.privateKeyPem).toMatch(/^v1\./)
      const pem = unseal(row.privateKeyPem, SIGNING_KEY_PURPOSE)
      expect(createPublicKey(pem).export({ format: 'jwk' }).n).toBe(key.publicJwk.n)
      const { token } = await issueLicense(tenant)
      expect(verifyLicense(token, await listPublicKeys()).sub).toBe('t_1')
    })

    it('keeps signing with a key stored in plain text before, and seals it on that first read', async () => {
      await database.db.licenseSigningKey.deleteMany()
      const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 })
      const pem = privateKey.export({ format: 'pem', type: 'pkcs8' }).toString()
      const jwk = createPublicKey(privateKey).export({ format: 'jwk' })
      const publicJwk = { kty: 'RSA', n: jwk.n, e: jwk.e, kid: 'legacy-kid', alg: 'RS256', use: 'sig' }
      await database.db.licenseSigningKey.create({ data: { kid: 'legacy-kid', privateKeyPem: pem, publicJwk } })

      const { token } = await issueLicense(tenant)
      expect(JSON.parse(Buffer.from(token.split('.')[0]!, 'base64url').toString()).kid).toBe('legacy-kid')
      expect(verifyLicense(token, await listPublicKeys()).sub).toBe('t_1')
      const row = await database.db.licenseSigningKey.findUniqueOrThrow({ where: { kid: 'legacy-kid' } })
      expect(row.privateKeyPem).not.toContain('PRIVATE KEY')
      expect(unseal(row.privateKeyPem, SIGNING_KEY_PURPOSE)).toBe(pem)
      // and it signs from the sealed row the next time
      const again = await issueLicense(tenant)
      expect(verifyLicense(again.token, await listPublicKeys()).sub).toBe('t_1')
      expect(await database.db.licenseSigningKey.count()).toBe(1)
    })

    it('refuses to sign under another AUTH_SECRET, with an error saying so, and makes no key in its place', async () => {
      await database.db.licenseSigningKey.deleteMany()
      const { kid } = await getSigningKey()
      process.env.AUTH_SECRET = 'another-secret-of-at-least-32-characters!'
      resetEnvCache()
      await expect(getSigningKey()).rejects.toThrow(SigningKeyUnreadableError)
      await expect(issueLicense(tenant)).rejects.toThrow(new RegExp(`key ${kid} cannot be unsealed: AUTH_SECRET is not the one`))
      expect(await database.db.licenseSigningKey.count()).toBe(1)
    })
  })
})
