/**
 * bench/invoices — the monthly invoice run (lib/billing/generate-monthly-invoices.ts) for N
 * organizations with D days of hourly usage: wall time and the statements sent to the database
 * (counted at the driver, BEGIN and COMMIT included), for a first run and for a re-run, at each
 * size — the count follows insert batches (1,000 invoices, 3,000 lines), not organizations.
 *
 * Seeding is set-based, one statement per table (a few seconds for 10,000 organizations):
 *   organizations, owners, subscriptions, tenants   prisma/seed-fleet.ts (plans demo/free/pro/enterprise in turn, 1 in 10 trialing)
 *   plan periods                                    one per organization from its subscription, open since before the month
 *                                                   (paid unless trialing); 1 in 10 changed plan on the 16th (free before)
 *   usage samples                                   storage, CPU and egress per tenant per hour of the month
 * The samples (21.6 M at 10,000 × 30 days) are loaded as a restore would: UsageSample's indexes
 * and foreign key are dropped, the rows inserted by one INSERT … SELECT generate_series, then the
 * indexes rebuilt and the key re-added (validated in one pass) from their own definitions, and
 * the tables vacuumed and analyzed. Inserting into the indexed table, with a foreign-key check per
 * row, took over 15 minutes here.
 *
 * usage: npm run bench:invoices [-- --sizes 1000,10000 --days 30]   (PostgreSQL: DATABASE_URL, else PGlite)
 */
import { PGlite } from '@electric-sql/pglite'
import pg from 'pg'
import { generateMonthlyInvoices } from '../../lib/billing/generate-monthly-invoices'
import { createTestDatabase, type TestDatabase } from '../../lib/testing/test-db'
import { seedFleet } from '../../prisma/seed-fleet'
import { numberArg } from '../lib/args'

const DAYS = numberArg('days', 30)
const sizesArg = process.argv.indexOf('--sizes')
const SIZES = sizesArg >= 0 ? process.argv[sizesArg + 1]!.split(',').map(Number) : [1_000, 10_000]
const periodStart = new Date('2026-09-01T00:00:00Z')

// Statements sent to the database: pg at Client.query (Prisma's pool and its transactions go
// through it), PGlite at query/exec and inside transaction() (BEGIN and COMMIT counted too).
let statements = 0
const pgQuery = pg.Client.prototype.query
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  statements++
  return (pgQuery as (...a: unknown[]) => unknown).apply(this, args)
} as typeof pgQuery
type Pglite = {
  query: (...a: unknown[]) => Promise<unknown>
  exec: (...a: unknown[]) => Promise<unknown>
  transaction: (fn: (tx: Record<string, unknown>) => Promise<unknown>) => Promise<unknown>
}
const proto = PGlite.prototype as unknown as Pglite
for (const method of ['query', 'exec'] as const) {
  const original = proto[method]
  proto[method] = function (this: Pglite, ...args: unknown[]) {
    statements++
    return original.apply(this, args)
  }
}
const transaction = proto.transaction
proto.transaction = function (this: Pglite, fn) {
  statements += 2
  return transaction.call(this, (tx) => {
    const counted = Object.create(tx) as Record<string, unknown>
    for (const method of ['query', 'exec', 'sql'] as const) {
      const original = tx[method] as (...a: unknown[]) => Promise<unknown>
      counted[method] = (...args: unknown[]) => {
        statements++
        return original(...args)
      }
    }
    return fn(counted)
  })
}

async function timed<T>(fn: () => Promise<T>): Promise<[T, number]> {
  const started = performance.now()
  const value = await fn()
  return [value, (performance.now() - started) / 1000]
}

/** PlanPeriod and UsageSample rows for the fleet of seedFleet (ids fleet-…-000001 on). */
async function seedBilling(database: TestDatabase, size: number) {
  const exec = (sql: string) => database.sql.exec(sql)
  const start = periodStart.toISOString()
  const changedOn = new Date(periodStart.getTime() + 15 * 86_400_000).toISOString()
  await exec(`INSERT INTO "PlanPeriod" ("id", "orgId", "planId", "isPaid", "startsAt", "endsAt")
    SELECT 'pp-' || s."orgId", s."orgId",
           CASE WHEN right(s."orgId", 1) = '5' THEN 'free' ELSE s."planId" END,
           s."status" <> 'TRIALING', timestamp '2026-08-15',
           CASE WHEN right(s."orgId", 1) = '5' THEN timestamp '${changedOn}' END
    FROM "Subscription" s WHERE s."id" LIKE 'fleet-sub-%';
  INSERT INTO "PlanPeriod" ("id", "orgId", "planId", "isPaid", "startsAt")
    SELECT 'pp2-' || s."orgId", s."orgId", s."planId", s."status" <> 'TRIALING', timestamp '${changedOn}'
    FROM "Subscription" s WHERE s."id" LIKE 'fleet-sub-%' AND right(s."orgId", 1) = '5'`)

  // Load the samples without UsageSample's indexes and foreign key, then put them back as they were.
  const constraints = await database.sql.query<{ name: string; def: string; type: string }>(
    `SELECT conname AS name, pg_get_constraintdef(oid) AS def, contype AS type FROM pg_constraint WHERE conrelid = ` +
      `'"UsageSample"'::regclass AND contype IN ('p', 'u', 'f')`,
  )
  const indexes = await database.sql.query<{ name: string; def: string }>(
    `SELECT indexname AS name, indexdef AS def FROM pg_indexes WHERE tablename = 'UsageSample' AND schemaname = current_schema()`,
  )
  const plainIndexes = indexes.filter((i) => !constraints.some((c) => c.name === i.name))
  for (const c of [...constraints].sort((a, b) => (a.type === 'f' ? -1 : b.type === 'f' ? 1 : 0)))
    await exec(`ALTER TABLE "UsageSample" DROP CONSTRAINT "${c.name}"`)
  for (const i of plainIndexes) await exec(`DROP INDEX "${i.name}"`)
  const loadStarted = performance.now()
  const tenant = `'fleet-tenant-' || lpad(g::text, 6, '0')`
  const hour = `timestamp '${start}' + h * interval '1 hour'`
  // Storage 40–69 GB held all month; CPU 0–1.6 cores; egress 0–1.2 GB an hour.
  await exec(`INSERT INTO "UsageSample" ("tenantId", "metric", "volume", "windowStart", "windowEnd", "value", "collectedAt")
    SELECT ${tenant}, m.metric::"UsageMetric", m.volume, ${hour}, ${hour} + interval '1 hour',
           CASE m.metric WHEN 'STORAGE_USED_BYTES' THEN (40 + g % 30) * 1e9
                         WHEN 'CPU_CORE_SECONDS' THEN (g % 3) * 3600 * 0.8 ELSE (g % 7) * 2e8 END,
           ${hour} + interval '1 hour'
    FROM generate_series(1, ${size}) g,
         (VALUES ('STORAGE_USED_BYTES', 'data'), ('CPU_CORE_SECONDS', ''), ('NETWORK_EGRESS_BYTES', '')) AS m (metric, volume),
         generate_series(0, ${DAYS * 24 - 1}) h`)
  const insertSeconds = (performance.now() - loadStarted) / 1000
  for (const c of constraints.filter((c) => c.type !== 'f')) await exec(`ALTER TABLE "UsageSample" ADD CONSTRAINT "${c.name}" ${c.def}`)
  for (const i of plainIndexes) await exec(i.def)
  for (const c of constraints.filter((c) => c.type === 'f')) await exec(`ALTER TABLE "UsageSample" ADD CONSTRAINT "${c.name}" ${c.def}`)
  const indexSeconds = (performance.now() - loadStarted) / 1000 - insertSeconds
  // As autovacuum would have left a month-old table (PGlite has no autovacuum).
  const [, vacuumSeconds] = await timed(() => exec('VACUUM ANALYZE'))
  return { insertSeconds, indexSeconds, vacuumSeconds }
}

async function measure(size: number) {
  const database = await createTestDatabase()
  try {
    const [, fleetSeconds] = await timed(() =>
      seedFleet(database.db, { size, baseDomain: 'tenants.localhost', now: new Date('2026-08-01T00:00:00Z') }),
    )
    const [load, billingSeconds] = await timed(() => seedBilling(database, size))
    const samples = Number((await database.sql.query<{ n: string }>(`SELECT count(*)::text AS n FROM "UsageSample"`))[0]!.n)
    statements = 0
    const [first, firstSeconds] = await timed(() => generateMonthlyInvoices({ periodStart, at: new Date('2026-10-01T02:00:00Z') }))
    const firstStatements = statements
    statements = 0
    const [again, againSeconds] = await timed(() => generateMonthlyInvoices({ periodStart, at: new Date('2026-10-01T03:00:00Z') }))
    const againStatements = statements
    const [invoices, lines] = await Promise.all([database.db.invoice.count(), database.db.invoiceLine.count()])
    return {
      kind: database.kind,
      size,
      samples,
      load,
      fleetSeconds,
      billingSeconds,
      first,
      firstSeconds,
      firstStatements,
      again,
      againSeconds,
      againStatements,
      invoices,
      lines,
    }
  } finally {
    await database.close()
  }
}

const n = (x: number) => x.toLocaleString('en-US')
const results = []
for (const size of SIZES) {
  const r = await measure(size)
  results.push(r)
  console.log(
    `${r.kind}: ${n(r.size)} organizations × ${DAYS} days: ${n(r.samples)} usage samples; seeded in ` +
      `${(r.fleetSeconds + r.billingSeconds).toFixed(1)} s (fleet ${r.fleetSeconds.toFixed(1)} s; samples inserted ` +
      `${r.load.insertSeconds.toFixed(1)} s, indexes and key rebuilt ${r.load.indexSeconds.toFixed(1)} s, VACUUM ANALYZE ` +
      `${r.load.vacuumSeconds.toFixed(1)} s)`,
  )
  console.log(
    `  first run: ${n(r.first.organizations)} organizations, ${n(r.first.created)} invoices created (${n(r.first.zeroTotal)} at zero not ` +
      `issued), ${r.firstSeconds.toFixed(2)} s, ${r.firstStatements} statements`,
  )
  console.log(
    `  re-run:    ${n(r.again.created)} created, ${n(r.again.alreadyIssued)} already issued, ${r.againSeconds.toFixed(2)} s, ` +
      `${r.againStatements} statements`,
  )
  console.log(`  in the database: ${n(r.invoices)} invoices, ${n(r.lines)} lines`)
}
console.log(
  `\n${'organizations'.padStart(13)} ${'invoices'.padStart(9)} ${'first run'.padStart(10)} ${'statements'.padStart(10)} ` +
    `${'re-run'.padStart(8)} ${'statements'.padStart(10)}`,
)
for (const r of results)
  console.log(
    `${n(r.size).padStart(13)} ${n(r.first.created).padStart(9)} ${`${r.firstSeconds.toFixed(1)} s`.padStart(10)} ` +
      `${String(r.firstStatements).padStart(10)} ${`${r.againSeconds.toFixed(1)} s`.padStart(8)} ` +
      `${String(r.againStatements).padStart(10)}`,
  )
