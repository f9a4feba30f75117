// The collector against a real Prometheus (Debian's 2.42) whose TSDB was backfilled with
// `promtool tsdb create-blocks-from openmetrics` from a fleet with known values: a counter reset,
// a missing scrape window, series of namespaces that are not tenants, and the pod-level cgroup
// series a naive sum would count twice.
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { useTestDatabase } from '../testing/use-test-database'
import { createPrometheusClient } from '../prometheus/http'
import type { PrometheusPort } from '../prometheus/port'
import { freePort, startPrometheus, type RunningProcess } from '../prometheus/testing/processes'
import { openMetricsHistory, type FakeTenant } from './testing/fake-fleet'
import { collectUsage, HOUR_MS, lastCompleteHour } from './collect-usage'
import { resetEnvCache } from '../env'
import { collectUsageJob } from '@/workflows/metering/collect-usage'
import type { Step } from '../jobs/step'
import { createTenant } from '../orgs/testing/fixtures'

const GIB = 1024 ** 3
const INTERVAL = 15
/**
 * increase() loses at most one scrape interval of growth per reset and extrapolates to the edges:
 * 1% covers both for a 15 s scrape over an hour.
 */
const TOLERANCE = 0.01

const database = useTestDatabase()
let prom: RunningProcess
let client: PrometheusPort
const H0 = lastCompleteHour(new Date()).getTime() - 4 * HOUR_MS
const h0 = H0 / 1000
const windowStart = (n: number) => new Date(H0 + n * HOUR_MS)

const fleet: FakeTenant[] = [
  {
    namespace: 'tenant-alpha',
    startedAt: h0 - 600,
    cpuCores: 0.5,
    egressBytesPerSecond: 12_000,
    volumes: [
      { pvc: 'app-data', capacityBytes: 10 * GIB, usedAt: (t) => 1 * GIB + (t - h0) * 50_000 },
      { pvc: 'data-postgres-0', capacityBytes: 5 * GIB, usedAt: () => 2 * GIB },
      { pvc: 'backups', capacityBytes: 20 * GIB, usedAt: (t) => 3 * GIB + ((t - h0) % 3600) * 1000 },
    ],
  },
  {
    namespace: 'tenant-bravo',
    startedAt: h0 - 600,
    cpuCores: 1.25,
    egressBytesPerSecond: 500_000,
    resetsAt: [h0 + 5400 + 3],
    volumes: [{ pvc: 'app-data', capacityBytes: 50 * GIB, usedAt: () => 40 * GIB }],
  },
  {
    namespace: 'tenant-charlie',
    startedAt: h0 - 600,
    cpuCores: 2,
    egressBytesPerSecond: 1_000,
    missing: [[h0 + 7200, h0 + 10_800 + 60]],
    volumes: [
      { pvc: 'app-data', capacityBytes: 10 * GIB, usedAt: () => 7 * GIB },
      { pvc: 'data-postgres-0', capacityBytes: 10 * GIB, usedAt: () => 1 * GIB },
    ],
  },
  // Not tenants of this database: a namespace that looks like ours, and one that does not.
  {
    namespace: 'tenant-ghost',
    startedAt: h0 - 600,
    cpuCores: 1,
    egressBytesPerSecond: 1,
    volumes: [{ pvc: 'app-data', capacityBytes: GIB, usedAt: () => 1 }],
  },
  { namespace: 'kube-system', startedAt: h0 - 600, cpuCores: 3, egressBytesPerSecond: 1, volumes: [] },
]

const tenantIds = new Map<string, string>()

beforeAll(async () => {
  const org = await database.db.organization.create({ data: { name: 'Metering Co', slug: 'metering-co' } })
  for (const ns of ['tenant-alpha', 'tenant-bravo', 'tenant-charlie']) {
    const slug = ns.replace('tenant-', '')
    const tenant = await createTenant(database.db, {
      orgId: org.id,
      slug,
      namespace: ns,
      planId: 'pro',
      state: 'ACTIVE',
      createdAt: new Date(H0 - 86_400_000),
    })
    tenantIds.set(ns, tenant.id)
  }
  // Samples every 15 s, 7 s off the hour, so the windows' edges fall between scrapes as they do live.
  prom = await startPrometheus({
    backfill: openMetricsHistory(fleet, { start: h0 - 1200 + 7, end: h0 + 4 * 3600, intervalSeconds: INTERVAL }),
  })
  client = createPrometheusClient({ url: prom.url, timeoutMs: 10_000 })
})

afterAll(async () => {
  await prom?.stop()
})

async function rows(windowIndex: number) {
  const list = await database.db.usageSample.findMany({
    where: { windowStart: windowStart(windowIndex) },
    orderBy: [{ tenantId: 'asc' }, { metric: 'asc' }, { volume: 'asc' }],
  })
  return list.map((r) => ({
    tenant: [...tenantIds].find(([, id]) => id === r.tenantId)![0],
    metric: r.metric,
    volume: r.volume,
    value: Number(r.value),
    isGap: r.isGap,
  }))
}

function value(list: Awaited<ReturnType<typeof rows>>, tenant: string, metric: string, volume = '') {
  const found = list.filter((r) => r.tenant === tenant && r.metric === metric && r.volume === volume)
  expect(found, `${tenant} ${metric} ${volume}`).toHaveLength(1)
  return found[0]!
}

/** The highest used bytes among the samples inside [start, end] (what max_over_time sees). */
function maxUsed(tenant: FakeTenant, pvc: string, start: number, end: number) {
  let max = -Infinity
  for (let t = h0 - 1200 + 7; t <= end; t += INTERVAL)
    if (t >= start) max = Math.max(max, Math.round(tenant.volumes.find((v) => v.pvc === pvc)!.usedAt(t)))
  return max
}

describe('collectUsage against a real Prometheus', () => {
  it('computes every tenant usage of an hour with four queries, equal to the known truth', async () => {
    const result = await collectUsage(client, { windowStart: windowStart(0) })
    expect(result.queries).toBe(4)
    expect(result.tenants).toBe(3)
    expect(result.unmatchedNamespaces).toEqual(['tenant-ghost'])
    expect(result.gaps).toBe(0)
    const list = await rows(0)
    for (const tenant of fleet.slice(0, 3)) {
      const cpu = value(list, tenant.namespace, 'CPU_CORE_SECONDS')
      expect(cpu.isGap).toBe(false)
      expect(Math.abs(cpu.value - tenant.cpuCores * 3600)).toBeLessThanOrEqual(tenant.cpuCores * 3600 * TOLERANCE)
      const egress = value(list, tenant.namespace, 'NETWORK_EGRESS_BYTES')
      expect(Math.abs(egress.value - tenant.egressBytesPerSecond * 3600)).toBeLessThanOrEqual(
        tenant.egressBytesPerSecond * 3600 * TOLERANCE,
      )
      for (const v of tenant.volumes) {
        expect(value(list, tenant.namespace, 'STORAGE_USED_BYTES', v.pvc).value).toBe(maxUsed(tenant, v.pvc, h0, h0 + 3600))
        expect(value(list, tenant.namespace, 'STORAGE_CAPACITY_BYTES', v.pvc).value).toBe(v.capacityBytes)
      }
    }
    // 3 + 1 + 2 volumes × 2 metrics + 3 tenants × 2 counters
    expect(list).toHaveLength(18)
  })

  it('a second run of the same window changes nothing', async () => {
    const first = await rows(0)
    const again = await collectUsage(client, { windowStart: windowStart(0) })
    expect(again.queries).toBe(4)
    expect(await rows(0)).toEqual(first)
    expect(await database.db.usageSample.count()).toBe(first.length)
  })

  it('counts through a counter reset (a restarted container) within the tolerance', async () => {
    await collectUsage(client, { windowStart: windowStart(1) })
    const bravo = fleet[1]!
    const cpu = value(await rows(1), 'tenant-bravo', 'CPU_CORE_SECONDS')
    const truth = bravo.cpuCores * 3600
    expect(Math.abs(cpu.value - truth)).toBeLessThanOrEqual(truth * TOLERANCE)
    // What the counter says at the window's end minus its start is far off: the reset is real.
    const naive = bravo.cpuCores * (h0 + 7200 - (h0 + 5403)) - bravo.cpuCores * (3600 + 600)
    expect(naive).toBeLessThan(0)
    const egress = value(await rows(1), 'tenant-bravo', 'NETWORK_EGRESS_BYTES')
    expect(Math.abs(egress.value - bravo.egressBytesPerSecond * 3600)).toBeLessThanOrEqual(bravo.egressBytesPerSecond * 3600 * TOLERANCE)
  })

  it('records a missing scrape window as a gap, never as zero usage', async () => {
    const result = await collectUsage(client, { windowStart: windowStart(2) })
    const list = await rows(2)
    const charlie = list.filter((r) => r.tenant === 'tenant-charlie')
    expect(charlie.map((r) => `${r.metric}/${r.volume}`).sort()).toEqual([
      'CPU_CORE_SECONDS/',
      'NETWORK_EGRESS_BYTES/',
      'STORAGE_CAPACITY_BYTES/app-data',
      'STORAGE_CAPACITY_BYTES/data-postgres-0',
      'STORAGE_USED_BYTES/app-data',
      'STORAGE_USED_BYTES/data-postgres-0',
    ])
    expect(charlie.every((r) => r.isGap && r.value === 0)).toBe(true)
    expect(result.gaps).toBe(6)
    expect(list.filter((r) => r.tenant !== 'tenant-charlie').every((r) => !r.isGap)).toBe(true)
    expect(value(list, 'tenant-alpha', 'CPU_CORE_SECONDS').value).toBeGreaterThan(0)
  })

  it('a later run that finds nothing keeps the readings already stored', async () => {
    const before = await rows(0)
    const empty: PrometheusPort = { query: async () => [], queryRange: async () => [], requestCount: () => 0 }
    await collectUsage(empty, { windowStart: windowStart(0) })
    expect(await rows(0)).toEqual(before)
  })

  it('fails with a clear error when Prometheus refuses a query or cannot be reached', async () => {
    await expect(client.query('sum(')).rejects.toMatchObject({
      name: 'PrometheusError',
      kind: 'bad_query',
      message: expect.stringContaining('parse error'),
    })
    const down = createPrometheusClient({ url: `http://127.0.0.1:${await freePort()}`, timeoutMs: 2_000 })
    await expect(down.query('up')).rejects.toMatchObject({ kind: 'unreachable', message: expect.stringContaining('ECONNREFUSED') })
    const range = await client.queryRange('sum(kubelet_volume_stats_capacity_bytes{namespace="tenant-alpha"})', {
      start: windowStart(0),
      end: windowStart(1),
      stepSeconds: 600,
    })
    expect(range[0]!.points).toHaveLength(7)
    expect(range[0]!.points.every((p) => p.value === 35 * GIB)).toBe(true)
  })

  it('the hourly job collects the last three complete hours, each as its own step, then evaluates alerts', async () => {
    const steps: string[] = []
    const step: Step = { run: async (id, fn) => (steps.push(id), fn()), sleep: async () => {}, sendEvent: async () => {} }
    const tick = new Date(H0 + 3 * HOUR_MS + 5 * 60_000).toISOString()
    const ctx = { event: { id: 'tick', name: 'cron', ts: Date.now(), data: { cron: '5 * * * *', tick } }, step, runId: 'run-1', attempt: 1 }
    const off = (await collectUsageJob.handler(ctx as never)) as { skipped?: string }
    expect(off.skipped).toMatch(/metering is off/)
    process.env.PROMETHEUS_URL = prom.url
    resetEnvCache()
    try {
      const result = (await collectUsageJob.handler(ctx as never)) as { windows: { windowStart: string; gaps: number }[] }
      expect(result.windows.map((w) => w.windowStart)).toEqual([0, 1, 2].map((n) => windowStart(n).toISOString()))
      expect(result.windows.map((w) => w.gaps)).toEqual([0, 0, 6])
      expect(steps).toEqual([...[0, 1, 2].map((n) => `collect-${windowStart(n).toISOString()}`), 'evaluate-storage-alerts'])
    } finally {
      delete process.env.PROMETHEUS_URL
      resetEnvCache()
    }
  })
})
