/**
 * bench/db-ingest — usage samples written per second, batched, on the embedded PGlite and on a
 * PostgreSQL server, side by side in one run. Write paths, all upserting on the natural key:
 *   ours     lib/metering/upsert-usage-samples.ts: INSERT … SELECT unnest(arrays) ON CONFLICT, 5,000 rows a statement, through Prisma
 *   driver   the same statement straight through the driver (pg / PGlite), to show what Prisma costs
 *   prisma   Prisma createMany (skipDuplicates) in batches of 5,000 (a quarter of the rows: it is slow)
 *   server   the same upsert generated inside the server (generate_series): the ceiling without a client
 * usage: npm run bench:db-ingest [-- --rows 100000]   (PostgreSQL: DATABASE_URL, default postgresql://postgres@127.0.0.1:5432/postgres)
 */
import { createTestDatabase, type TestDatabase } from '../../lib/testing/test-db'
import { median, numberArg } from '../lib/args'
import {
  UPSERT_BATCH,
  upsertUsageSamples,
  upsertUsageSamplesSql,
  usageSampleColumns,
  type UsageSampleInput,
} from '../../lib/metering/upsert-usage-samples'

const HOUR = 3_600_000
const ROWS = numberArg('rows', 100_000)
const RUNS = numberArg('runs', 3)
const PG_URL = process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres'

async function tenantIn(database: TestDatabase, n: number): Promise<string[]> {
  const org = await database.db.organization.create({ data: { name: 'Bench', slug: `bench-${Date.now()}` } })
  const ids: string[] = []
  for (let i = 0; i < n; i++) {
    ids.push(
      (
        await database.db.tenant.create({
          data: { orgId: org.id, slug: `bench-${Date.now()}-${i}`, namespace: `tenant-bench-${Date.now()}-${i}`, planId: 'pro' },
        })
      ).id,
    )
  }
  return ids
}

function samples(tenants: string[], rows: number, offsetHours: number): UsageSampleInput[] {
  const start = Date.UTC(2026, 0, 1) + offsetHours * HOUR
  const out: UsageSampleInput[] = []
  const metrics = ['CPU_CORE_SECONDS', 'NETWORK_EGRESS_BYTES'] as const
  for (let i = 0; out.length < rows; i++) {
    const windowStart = new Date(start + Math.floor(i / (tenants.length * metrics.length)) * HOUR)
    out.push({
      tenantId: tenants[i % tenants.length]!,
      metric: metrics[Math.floor(i / tenants.length) % metrics.length]!,
      windowStart,
      windowEnd: new Date(windowStart.getTime() + HOUR),
      value: (i * 1.5).toFixed(3),
    })
  }
  return out
}

type Method = 'ours' | 'driver' | 'prisma' | 'server'
const METHODS: Method[] = ['ours', 'driver', 'prisma', 'server']

async function measure(database: TestDatabase, method: Method, rows: number, run: number): Promise<number> {
  const tenants = await tenantIn(database, 50)
  const data = samples(tenants, rows, run * 100_000)
  const started = performance.now()
  if (method === 'ours') await upsertUsageSamples(database.db, data)
  else if (method === 'driver') {
    const sql = upsertUsageSamplesSql()
    for (let i = 0; i < data.length; i += UPSERT_BATCH) await database.sql.query(sql, usageSampleColumns(data.slice(i, i + UPSERT_BATCH)))
  } else if (method === 'server') {
    const perTenant = Math.ceil(rows / tenants.length)
    await database.sql.query(
      `INSERT INTO "UsageSample" ("tenantId", "metric", "volume", "windowStart", "windowEnd", "value", "isGap")
       SELECT t, 'CPU_CORE_SECONDS', '', to_timestamp(h * 3600), to_timestamp(h * 3600 + 3600), h * 1.5, false
       FROM unnest($1::text[]) AS t, generate_series(1, $2::int) AS h
       ON CONFLICT ("tenantId", "metric", "volume", "windowStart") DO UPDATE SET "value" = EXCLUDED."value"`,
      [tenants, perTenant],
    )
    const seconds = (performance.now() - started) / 1000
    return (perTenant * tenants.length) / seconds
  } else {
    for (let i = 0; i < data.length; i += 5_000) {
      await database.db.usageSample.createMany({
        data: data.slice(i, i + 5_000).map((s) => ({ ...s, value: String(s.value) })),
        skipDuplicates: true,
      })
    }
  }
  const seconds = (performance.now() - started) / 1000
  const count = await database.db.usageSample.count({ where: { tenantId: { in: tenants } } })
  if (count !== rows) throw new Error(`expected ${rows} rows, found ${count}`)
  return rows / seconds
}

async function main() {
  console.log(`bench/db-ingest: ${ROWS.toLocaleString('en-US')} usage samples per run, median of ${RUNS} runs, rows/s`)
  const targets: { name: string; serverUrl: string | null }[] = [
    { name: 'PGlite (embedded)', serverUrl: null },
    { name: 'PostgreSQL 127.0.0.1', serverUrl: PG_URL },
  ]
  const results: Record<string, Record<string, number>> = {}
  for (const target of targets) {
    let database: TestDatabase
    try {
      database = await createTestDatabase({ serverUrl: target.serverUrl })
    } catch (error) {
      console.log(`${target.name}: skipped (${(error as Error).message.split('\n')[0]})`)
      continue
    }
    try {
      results[target.name] = {}
      for (const [m, method] of METHODS.entries()) {
        const rates: number[] = []
        const rows = method === 'prisma' ? Math.ceil(ROWS / 4) : ROWS
        for (let run = 0; run < RUNS; run++) rates.push(await measure(database, method, rows, m * 10 + run))
        results[target.name]![method] = median(rates)
      }
    } finally {
      await database.close()
    }
  }
  const fmt = (n: number | undefined) => (n === undefined ? '—' : Math.round(n).toLocaleString('en-US')).padStart(10)
  console.log(`\n${'target'.padEnd(24)}${METHODS.map((m) => m.padStart(10)).join('')}   ours/prisma  ours/server`)
  for (const [name, r] of Object.entries(results)) {
    const ratio = (a?: number, b?: number) => (a && b ? `${(a / b).toFixed(2)}×` : '—')
    console.log(
      `${name.padEnd(24)}${METHODS.map((m) => fmt(r[m])).join('')}   ${ratio(r.ours, r.prisma).padStart(11)}  ` +
        `${ratio(r.ours, r.server).padStart(11)}`,
    )
  }
  const [a, b] = Object.values(results)
  if (a?.ours && b?.ours) console.log(`\nPostgreSQL / PGlite (ours): ${(b.ours / a.ours).toFixed(2)}×`)
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error)
    process.exit(1)
  },
)
