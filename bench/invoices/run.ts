/**
 * bench/invoices — the monthly invoice run for N organizations with D days of hourly usage
 * (storage, CPU, egress per hour per tenant): wall time and the number of database round trips
 * (counted at the driver), for the first run and for a re-run (which creates nothing).
 * usage: npm run bench:invoices [-- --orgs 10000 --days 30]   (PostgreSQL: DATABASE_URL, else PGlite)
 */
import pg from 'pg'
import { generateMonthlyInvoices } from '../../lib/billing/generate-monthly-invoices'
import { createTestDatabase } from '../../lib/testing/test-db'
import { numberArg } from '../lib/args'

const ORGS = numberArg('orgs', 10_000)
const DAYS = numberArg('days', 30)
const periodStart = new Date('2026-09-01T00:00:00Z')

// Count round trips: pg (PostgreSQL) at Client.query, PGlite at the adapter's query/exec.
let queries = 0
const original = pg.Client.prototype.query
pg.Client.prototype.query = function (this: pg.Client, ...args: unknown[]) {
  queries++
  return (original as (...a: unknown[]) => unknown).apply(this, args)
} as typeof original

const database = await createTestDatabase()
const seedStarted = performance.now()
const exec = (sql: string) => database.sql.exec(sql)
await exec(`INSERT INTO "Organization" (id, name, slug, "updatedAt") SELECT 'org' || g, 'Org ' || g, 'org-' || g, now() FROM generate_series(1, ${ORGS}) g`)
await exec(`INSERT INTO "PlanPeriod" (id, "orgId", "planId", "isPaid", "startsAt") SELECT 'pp' || g, 'org' || g, CASE WHEN g % 2 = 0 THEN 'pro' ELSE 'free' END, true, '2026-08-15' FROM generate_series(1, ${ORGS}) g`)
await exec(`INSERT INTO "Tenant" (id, "orgId", slug, namespace, "planId", state, "updatedAt") SELECT 't' || g, 'org' || g, 'org-' || g, 'tenant-org-' || g, 'pro', 'ACTIVE', now() FROM generate_series(1, ${ORGS}) g`)
for (const [metric, volume, value] of [
  ['STORAGE_USED_BYTES', 'data', `(40 + (g % 30)) * 1e9`],
  ['CPU_CORE_SECONDS', '', `(g % 3) * 3600 * 0.8`],
  ['NETWORK_EGRESS_BYTES', '', `(g % 7) * 2e8`],
] as const) {
  await exec(`INSERT INTO "UsageSample" ("tenantId", metric, volume, "windowStart", "windowEnd", value)
    SELECT 't' || g, '${metric}', '${volume}', timestamptz '${periodStart.toISOString()}' + h * interval '1 hour', timestamptz '${periodStart.toISOString()}' + (h + 1) * interval '1 hour', ${value}
    FROM generate_series(1, ${ORGS}) g, generate_series(0, ${DAYS * 24 - 1}) h`)
}
const seedSeconds = (performance.now() - seedStarted) / 1000

queries = 0
let started = performance.now()
const first = await generateMonthlyInvoices({ periodStart, at: new Date('2026-10-01T02:00:00Z') })
const firstSeconds = (performance.now() - started) / 1000
const firstQueries = queries
queries = 0
started = performance.now()
const again = await generateMonthlyInvoices({ periodStart, at: new Date('2026-10-01T03:00:00Z') })
const againSeconds = (performance.now() - started) / 1000
const lines = await database.db.invoiceLine.count()
console.log(`database: ${database.kind}; ${ORGS} organizations × ${DAYS} days of hourly usage (${(ORGS * DAYS * 24 * 3).toLocaleString('en-US')} samples, seeded in ${seedSeconds.toFixed(1)} s)`)
console.log(`first run: ${first.created} invoices, ${lines} lines, ${first.zeroTotal} at zero — ${firstSeconds.toFixed(2)} s, ${database.kind === 'postgres' ? firstQueries : 'n/a'} round trips`)
console.log(`re-run:    ${again.created} created, ${again.alreadyIssued} already issued — ${againSeconds.toFixed(2)} s, ${database.kind === 'postgres' ? queries : 'n/a'} round trips`)
await database.close()
