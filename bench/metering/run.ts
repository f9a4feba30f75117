/**
 * bench/metering — collection over a real Prometheus (Debian's 2.42) holding N tenants × V volumes,
 * two methods side by side in one run:
 *   fleet       ours: one query per metric for every tenant at once (4 queries), one bulk upsert
 *   per-tenant  the baseline: 4 queries per tenant (namespace="…"), one upsert per tenant, 8 at a time
 * Prints wall time, number of queries and samples written per second for each, and the ratio.
 * The fleet is served by the test exporter and scraped every 30 s; the window is the last 120 s.
 * usage: npm run bench:metering [-- --tenants 10000 --volumes 3 --concurrency 8]   (PGlite; PostgreSQL with DATABASE_URL)
 */
import { createTestDatabase } from '../../lib/testing/test-db'
import { createPrometheusClient } from '../../lib/prometheus/http'
import { startPrometheus } from '../../lib/prometheus/testing/processes'
import { startExporter, type FakeTenant } from '../../lib/metering/testing/fake-fleet'
import { collectUsage } from '../../lib/metering/collect-usage'
import { perTenantQueries } from '../../lib/metering/queries'
import { upsertUsageSamples, type UsageSampleInput } from '../../lib/metering/upsert-usage-samples'
import type { UsageMetric } from '../../lib/db'
import { numberArg } from '../lib/args'

const TENANTS = numberArg('tenants', 10_000)
const VOLUMES = numberArg('volumes', 3)
const CONCURRENCY = numberArg('concurrency', 8)
const WINDOW_SECONDS = 120
const SCRAPE_SECONDS = 30
const GIB = 1024 ** 3
const VOLUME_NAMES = ['app-data', 'data-postgres-0', 'backups', 'object-data', 'data-postgres-1']

function fleet(): FakeTenant[] {
  return Array.from({ length: TENANTS }, (_, i) => ({
    namespace: `tenant-b${String(i).padStart(5, '0')}`,
    startedAt: 0,
    cpuCores: 0.1 + (i % 7) * 0.05,
    egressBytesPerSecond: 1000 + (i % 13) * 100,
    volumes: VOLUME_NAMES.slice(0, VOLUMES).map((pvc, v) => ({
      pvc,
      capacityBytes: (10 + v) * GIB,
      usedAt: () => ((i % 90) / 100 + 0.05) * (10 + v) * GIB,
    })),
  }))
}

async function main() {
  const tenants = fleet()
  console.log(
    `bench/metering: ${TENANTS} tenants × ${VOLUMES} volumes, ${TENANTS * (VOLUMES * 2 + 4)} series in a real Prometheus, scraped every ` +
      `${SCRAPE_SECONDS} s`,
  )
  const exporter = await startExporter(() => tenants, { cacheMs: 5_000 })
  const prom = await startPrometheus({ scrapeTargets: [exporter.target], scrapeIntervalSeconds: SCRAPE_SECONDS, retention: '1d' })
  const database = await createTestDatabase()
  try {
    const client = createPrometheusClient({ url: prom.url, timeoutMs: 120_000 })
    // Wait until three scrapes are in, so increase() has samples over the whole window.
    const ready = Date.now()
    while ((await client.query('count(kubelet_volume_stats_used_bytes)'))[0]?.value !== TENANTS * VOLUMES || exporter.scrapes() < 4) {
      await new Promise((r) => setTimeout(r, 1000))
      if (Date.now() - ready > 600_000) throw new Error('Prometheus did not ingest the fleet within 10 minutes')
    }
    await new Promise((r) => setTimeout(r, SCRAPE_SECONDS * 1000))
    const ids: string[] = []
    const org = await database.db.organization.create({ data: { name: 'Bench', slug: 'bench-metering' } })
    for (let i = 0; i < TENANTS; i += 5000) {
      const batch = tenants.slice(i, i + 5000).map((t) => ({
        id: `bench${t.namespace}`,
        orgId: org.id,
        slug: t.namespace.slice(7),
        namespace: t.namespace,
        planId: 'pro',
        state: 'ACTIVE' as const,
        createdAt: new Date(0),
      }))
      await database.db.tenant.createMany({ data: batch })
      ids.push(...batch.map((b) => b.id))
    }
    const windowStart = new Date(Math.floor(Date.now() / 1000) * 1000 - WINDOW_SECONDS * 1000)

    // Ours: the fleet in four queries.
    let started = performance.now()
    const before = client.requestCount()
    const ours = await collectUsage(client, { windowStart, windowSeconds: WINDOW_SECONDS })
    const oursMs = performance.now() - started
    const oursQueries = client.requestCount() - before

    // Per tenant: four queries each, one upsert each (a window earlier, so rows are new writes too).
    const perStart = new Date(windowStart.getTime() - 1000)
    const perEnd = new Date(perStart.getTime() + WINDOW_SECONDS * 1000)
    const beforePer = client.requestCount()
    let written = 0
    let next = 0
    started = performance.now()
    await Promise.all(
      Array.from({ length: CONCURRENCY }, async () => {
        while (next < tenants.length) {
          const i = next++
          const tenant = tenants[i]!
          const queries = perTenantQueries(tenant.namespace, WINDOW_SECONDS)
          const rows: UsageSampleInput[] = []
          for (const metric of Object.keys(queries) as (keyof typeof queries)[]) {
            for (const s of await client.query(queries[metric], { time: perEnd })) {
              rows.push({
                tenantId: ids[i]!,
                metric: metric as UsageMetric,
                volume: metric.startsWith('STORAGE_') ? (s.labels.persistentvolumeclaim ?? '') : '',
                windowStart: perStart,
                windowEnd: perEnd,
                value: s.value.toFixed(6),
              })
            }
          }
          const n = await upsertUsageSamples(database.db, rows) // not `written += await …`: that reads `written` before the await
          written += n
        }
      }),
    )
    const perMs = performance.now() - started
    const stored = await database.db.usageSample.count({ where: { windowStart: perStart } })
    if (stored !== written) throw new Error(`per-tenant method: counted ${written} writes, ${stored} rows stored`)
    const perQueries = client.requestCount() - beforePer

    // Writes alone: the same fleet's rows upserted in bulk again (a fresh window), samples/s.
    const rows = await database.db.usageSample.findMany({
      where: { windowStart },
      select: { tenantId: true, metric: true, volume: true, value: true, isGap: true },
    })
    const writeStart = new Date(windowStart.getTime() - 3_600_000)
    started = performance.now()
    const rewritten = await upsertUsageSamples(
      database.db,
      rows.map((r) => ({ ...r, value: r.value.toString(), windowStart: writeStart, windowEnd: new Date(writeStart.getTime() + 60_000) })),
    )
    const writeMs = performance.now() - started

    const line = (name: string, ms: number, queries: number, samples: number) => {
      const rate = Math.round(samples / (ms / 1000)).toLocaleString('en-US')
      return (
        `${name.padEnd(22)} ${(ms / 1000).toFixed(2).padStart(8)} s ${String(queries).padStart(8)} queries ` +
        `${String(samples).padStart(8)} samples ${rate.padStart(9)} samples/s`
      )
    }
    console.log(`database: ${database.kind}`)
    console.log(line('fleet (ours)', oursMs, oursQueries, ours.samplesWritten))
    console.log(line('per tenant', perMs, perQueries, written))
    console.log(
      `ratio: per-tenant / fleet wall time = ${(perMs / oursMs).toFixed(1)}×, queries ${perQueries} / ${oursQueries} = ` +
        `${Math.round(perQueries / oursQueries)}×`,
    )
    console.log(
      `bulk upsert alone: ${rewritten} samples in ${(writeMs / 1000).toFixed(2)} s = ` +
        `${Math.round(rewritten / (writeMs / 1000)).toLocaleString('en-US')} samples/s`,
    )
    if (ours.gaps > 0 || ours.tenants !== TENANTS) console.log(`note: ${ours.gaps} gap rows, ${ours.tenants} tenants metered`)
  } finally {
    await database.close()
    await prom.stop()
    await exporter.close()
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error)
    process.exit(1)
  },
)
