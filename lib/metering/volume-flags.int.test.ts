// An app's volume flags in metering and storage alerts: a volume declared unmetered is not
// measured, one declared unalerted is measured but never warned about, and a claim the app does
// not declare is both (storage in use is never free or silent). The app is an operator's
// (APPS_FILE + PLANS_FILE); Prometheus is a double of our port giving one window's readings.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { dropOperatorCatalog, useOperatorCatalog } from '../apps/testing/operator-catalog'
import { createOrgWithOwner, createTenant } from '../orgs/testing/fixtures'
import { findPlan } from '../plans/catalog'
import type { InstantSample, PrometheusPort } from '../prometheus/port'
import { useTestDatabase } from '../testing/use-test-database'
import { collectUsage, HOUR_MS, lastCompleteHour } from './collect-usage'
import { evaluateStorageAlerts } from './evaluate-storage-alerts'

const database = useTestDatabase()
const GIB = 1024 ** 3
const volume = (name: string, flags: { metered: boolean; alerted: boolean }) => ({
  name,
  mountPath: `/${name}`,
  share: 0.3,
  component: 'web',
  growsWithPlan: true,
  ...flags,
})
const app = {
  id: 'vaults',
  name: 'Vaults',
  description: 'Keeps things.',
  chart: { oci: 'oci://registry.example.com/charts/vaults', version: '1.0.0' },
  versions: [{ chart: '1.0.0', app: '1.0.0' }],
  defaultVersion: '1.0.0',
  components: [{ name: 'web', cpuShare: 1, memoryShare: 1, replicas: 1 }],
  volumes: [
    volume('store', { metered: true, alerted: true }),
    volume('scratch', { metered: false, alerted: false }),
    volume('logs', { metered: true, alerted: false }),
  ],
  exposure: { http: [{ host: 'instance', path: '/', service: 'web', port: 80 }] },
  egress: 'dns',
  health: { service: 'web', port: 80, path: '/healthz' },
  values: {},
}
beforeAll(() => useOperatorCatalog({ apps: [app], plans: [{ ...findPlan('free')!, id: 'vaults-free', app: 'vaults' }] }))
afterAll(dropOperatorCatalog)

/** Every claim 95 % full (above the alert threshold): used and capacity readings, nothing else. */
function prometheus(namespace: string, claims: string[]): PrometheusPort {
  return {
    query: async (expr) => {
      if (!expr.includes('kubelet_volume_stats')) return []
      const used = expr.includes('used_bytes')
      return claims.map((claim): InstantSample => ({
        labels: { namespace, persistentvolumeclaim: claim },
        value: used ? 0.95 * GIB : GIB,
        time: new Date(),
      }))
    },
    queryRange: async () => [],
    requestCount: () => 0,
  }
}

describe('volume flags', () => {
  it('meters what the app declares metered (and what it does not declare), alerts on what it declares alerted', async () => {
    const org = await createOrgWithOwner(database.db)
    const tenant = await createTenant(database.db, {
      orgId: org.id,
      slug: org.slug,
      appId: 'vaults',
      planId: 'vaults-free',
      state: 'ACTIVE',
      createdAt: new Date(Date.now() - 3 * HOUR_MS),
    })
    const windowStart = new Date(lastCompleteHour(new Date()).getTime() - HOUR_MS)
    await collectUsage(prometheus(tenant.namespace, ['store', 'scratch', 'logs', 'stray']), { windowStart })
    const measured = await database.db.usageSample.findMany({
      where: { tenantId: tenant.id, metric: 'STORAGE_USED_BYTES', isGap: false },
      select: { volume: true },
      orderBy: { volume: 'asc' },
    })
    expect(measured.map((s) => s.volume)).toEqual(['logs', 'store', 'stray'])

    await evaluateStorageAlerts({ windowStart })
    const alerts = await database.db.storageAlert.findMany({
      where: { tenantId: tenant.id },
      select: { volume: true },
      orderBy: { volume: 'asc' },
    })
    expect(alerts.map((a) => a.volume)).toEqual(['store', 'stray'])
  })
})
