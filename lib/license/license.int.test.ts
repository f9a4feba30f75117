import { generateKeyPairSync } from 'node:crypto'
import { afterEach, describe, expect, it } from 'vitest'
import { resetEnvCache } from '../env'
import { useTestDatabase } from '../testing/use-test-database'
import { issueLicense } from './issue-license'
import { getSigningKey, listPublicKeys } from './signing-key'
import { LicenseError, verifyLicense } from './verify-license'

const database = useTestDatabase()
afterEach(() => {
  delete process.env.LICENSE_SIGNING_KEY
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
})
