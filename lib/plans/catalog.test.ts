import { describe, expect, it } from 'vitest'
import { catalogSchema, DEFAULT_CATALOG, findPlan, formatPrice } from './catalog'

describe('plan catalog', () => {
  it('holds the four plans of DESIGN.md §4 with their starting values', () => {
    expect(DEFAULT_CATALOG.map((p) => p.id)).toEqual(['demo', 'free', 'pro', 'enterprise'])
    expect(findPlan('demo')).toMatchObject({ expiresAfterDays: 7, limits: { storageGiB: 5, replicas: 1 } })
    expect(findPlan('free')!.limits.storageGiB).toBe(10)
    expect(findPlan('pro')).toMatchObject({ priceCents: 4900, trialDays: 14, limits: { storageGiB: 50, replicas: 2, backups: true } })
    expect(findPlan('enterprise')).toMatchObject({ priceCents: null, limits: { storageGiB: 200, replicas: 3, databaseInstances: 3 } })
    expect(findPlan('pro')!.rates).toEqual({ storageCentsPerGbMonth: 5, cpuCentsPerHour: 10, bandwidthCentsPerGb: 12 })
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
