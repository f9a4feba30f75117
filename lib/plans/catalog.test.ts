import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { ConfigError, resetEnvCache } from '../env'
import { tenantQuota } from '../provisioning/guardrails'
import { catalogSchema, DEFAULT_CATALOG, findPlan, formatPrice, getCatalog, loadCatalog, mergeCatalog, resetCatalogCache } from './catalog'
import { genericNeeds } from '../apps/testing/generic'

function plansFile(contents: unknown): string {
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'plans-')), 'plans.json')
  fs.writeFileSync(file, typeof contents === 'string' ? contents : JSON.stringify(contents))
  return file
}

function loadError(contents: unknown): string {
  try {
    loadCatalog(plansFile(contents))
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError)
    return (error as Error).message
  }
  throw new Error('expected the file to be refused')
}

describe('plan catalog', () => {
  it('holds the four plans of DESIGN.md §4 with their starting values, as the generic app’s', () => {
    expect(DEFAULT_CATALOG.filter((p) => p.app === 'generic').map((p) => p.id)).toEqual(['demo', 'free', 'pro', 'enterprise'])
    expect(findPlan('demo')).toMatchObject({ expiresAfterDays: 7, limits: { storageGiB: 5, replicas: 1 } })
    expect(findPlan('free')!.limits.storageGiB).toBe(10)
    expect(findPlan('pro')).toMatchObject({ priceCents: 4900, trialDays: 14, limits: { storageGiB: 50, replicas: 2, backups: true } })
    expect(findPlan('enterprise')).toMatchObject({ priceCents: null, limits: { storageGiB: 200, replicas: 3, databaseInstances: 3 } })
    expect(findPlan('pro')!.rates).toEqual({ storageCentsPerGbMonth: 5, cpuCentsPerHour: 10, bandwidthCentsPerGb: 12 })
  })

  it('gives every shipped app its own plans, ids and Stripe lookup keys unique across them all', () => {
    const apps = [...new Set(DEFAULT_CATALOG.map((p) => p.app))]
    expect(apps).toEqual(['generic', 'photoprism-family', 'iot-platform', 'mechanicbuddy', 'browser-sessions'])
    expect(
      DEFAULT_CATALOG.filter((p) => p.app === 'mechanicbuddy').map((p) => [p.id, p.limits.storageGiB, p.entitlements.mechanics]),
    ).toEqual([
      ['mechanicbuddy-demo', 5, 2],
      ['mechanicbuddy-free', 10, 5],
      ['mechanicbuddy-pro', 50, 20],
      ['mechanicbuddy-enterprise', 200, null],
    ])
  })

  it('rejects duplicate ids and fractional cents', () => {
    expect(catalogSchema.safeParse([DEFAULT_CATALOG[0], DEFAULT_CATALOG[0]]).success).toBe(false)
    expect(catalogSchema.safeParse([{ ...DEFAULT_CATALOG[2], priceCents: 49.5 }]).success).toBe(false)
  })

  it('formats prices', () => {
    expect(formatPrice({ priceCents: 4900 })).toBe('$49')
    expect(formatPrice({ priceCents: 4950 })).toBe('$49.50')
    expect(formatPrice({ priceCents: 0 })).toBe('$0')
    expect(formatPrice({ priceCents: null })).toBe('Custom')
  })
})

describe('operator override (PLANS_FILE)', () => {
  afterEach(() => {
    delete process.env.PLANS_FILE
    resetEnvCache()
    resetCatalogCache()
  })

  it('merges each entry field by field over the built-in plan of that id', () => {
    const plans = mergeCatalog(DEFAULT_CATALOG, {
      plans: [{ id: 'pro', priceCents: 5900, limits: { storageGiB: 80 }, features: ['Everything'] }],
    })
    const pro = plans.find((p) => p.id === 'pro')!
    expect(pro.priceCents).toBe(5900)
    expect(pro.limits).toEqual({ ...findPlan('pro', DEFAULT_CATALOG)!.limits, storageGiB: 80 })
    expect(pro.features).toEqual(['Everything'])
    expect(plans.filter((p) => p.id !== 'pro')).toEqual(DEFAULT_CATALOG.filter((p) => p.id !== 'pro'))
  })

  it('is what getCatalog, findPlan and the quotas use when PLANS_FILE is set', () => {
    process.env.PLANS_FILE = plansFile({
      plans: [
        { id: 'free', limits: { storageGiB: 20 } },
        { id: 'enterprise', priceCents: 250000 },
      ],
    })
    resetEnvCache()
    resetCatalogCache()
    expect(getCatalog()).not.toBe(DEFAULT_CATALOG)
    expect(findPlan('free')!.limits.storageGiB).toBe(20)
    expect(tenantQuota(findPlan('free')!, genericNeeds(findPlan('free')!))['requests.storage']).toBe('20Gi')
    expect(formatPrice(findPlan('enterprise')!)).toBe('$2500')
  })

  it('without PLANS_FILE the built-in catalog is in force', () => {
    expect(getCatalog()).toBe(DEFAULT_CATALOG)
  })

  it.each([
    ['a missing file', null, /^Invalid configuration: PLANS_FILE no such file$/],
    ['not JSON', '{ plans: ', /PLANS_FILE not valid JSON/],
    ['another top-level key', { plans: [], currency: 'eur' }, /PLANS_FILE the file: only "plans" is allowed/],
    ['a new plan that is not whole', { plans: [{ id: 'gold', priceCents: 1 }] }, /PLANS_FILE plan "gold"\.\w+: /],
    ['a plan id that is not kebab-case', { plans: [{ id: 'Gold Plan', priceCents: 1 }] }, /PLANS_FILE plans\.0\.id: must be kebab-case/],
    [
      'a misspelt field',
      { plans: [{ id: 'pro', limits: { storageGb: 80 } }] },
      /PLANS_FILE plans\[0\]\.limits\.storageGb is not a plan field/,
    ],
    ['fractional cents', { plans: [{ id: 'pro', priceCents: 49.5 }] }, /PLANS_FILE plan "pro"\.priceCents: /],
    ['a negative limit', { plans: [{ id: 'free', limits: { pods: -1 } }] }, /PLANS_FILE plan "free"\.limits\.pods: /],
    [
      'a paid plan without a lookup key',
      { plans: [{ id: 'pro', stripeLookupKey: null }] },
      /PLANS_FILE plan "pro"\.stripeLookupKey: a plan that requires payment needs a stripeLookupKey/,
    ],
    [
      'a price on a plan that needs no payment',
      { plans: [{ id: 'free', priceCents: 900 }] },
      /PLANS_FILE plan "free"\.requiresPayment: a plan with a price must require payment/,
    ],
    [
      'two plans with one lookup key',
      { plans: [{ id: 'enterprise', stripeLookupKey: 'tenancy_pro_monthly' }] },
      /PLANS_FILE the catalog: Stripe lookup keys must be unique/,
    ],
    ['the same plan twice', { plans: [{ id: 'pro' }, { id: 'pro' }] }, /PLANS_FILE plans\[1\]\.id: "pro" appears twice/],
  ])('refuses %s with one line naming the problem', (_name, contents, expected) => {
    const message =
      contents === null
        ? (() => {
            try {
              loadCatalog(path.join(os.tmpdir(), 'no-such-dir-tenancy', 'plans.json'))
            } catch (error) {
              return (error as Error).message
            }
            return ''
          })()
        : loadError(contents)
    expect(message).toMatch(expected)
    expect(message).not.toContain('\n')
  })
})
