/**
 * bench/rls — what row-level security costs (issue 14). The same queries, side by side in one
 * run, through the plain client (the tables' owner: no policies, no scope) and through the
 * application's client (lib/db/client.ts: each query in a transaction that sets the role
 * tenancy_app and the scope first, then the policies of the migration row_level_security):
 *   tenant by id     an organization page's read of its instance (org scope)
 *   usage 720 rows   a month of one tenant's hourly samples (org scope: the policy's EXISTS per row)
 *   console page     newest 50 tenants with their organization + the count, of 10,000 (system scope)
 * p50 in ms over --repeat runs (default 50) after 3 warm-up runs, on PGlite and on PostgreSQL.
 * usage: npm run bench:rls [-- --repeat 50]   (PostgreSQL: DATABASE_URL or 127.0.0.1:5432)
 */
import { seedFleet } from '../../prisma/seed-fleet'
import { asSystem, db, withDbScope, type Db } from '../../lib/db'
import type { TestDatabase } from '../../lib/testing/test-db'
import { forEachDatabase } from '../lib/databases'
import { numberArg, percentile } from '../lib/args'

const REPEAT = numberArg('repeat', 50)
const HOUR = 3600_000

async function p50(fn: () => Promise<unknown>): Promise<number> {
  const times: number[] = []
  for (let i = 0; i < REPEAT + 3; i++) {
    const started = performance.now()
    await fn()
    if (i >= 3) times.push(performance.now() - started)
  }
  return percentile(times, 50)
}

async function measure(database: TestDatabase) {
  const raw = database.db
  await seedFleet(raw, { size: 10_000, baseDomain: 'tenants.localhost' })
  const tenant = await raw.tenant.findFirstOrThrow({ select: { id: true, orgId: true } })
  const start = Date.UTC(2026, 10, 1)
  await raw.usageSample.createMany({
    data: Array.from({ length: 720 }, (_, i) => ({
      tenantId: tenant.id,
      metric: 'CPU_CORE_SECONDS' as const,
      windowStart: new Date(start + i * HOUR),
      windowEnd: new Date(start + (i + 1) * HOUR),
      value: i,
    })),
    skipDuplicates: true,
  })
  await raw.$executeRawUnsafe('ANALYZE')
  const org = { orgId: tenant.orgId }
  const byId = (client: Db) => () => client.tenant.findFirst({ where: { id: tenant.id, orgId: tenant.orgId } })
  const usage = (client: Db) => () => client.usageSample.findMany({ where: { tenantId: tenant.id }, orderBy: { windowStart: 'asc' } })
  const rows: [string, number, number][] = []
  rows.push(['tenant by id', await p50(byId(raw)), await p50(() => withDbScope(org, byId(db)))])
  rows.push(['usage 720 rows', await p50(usage(raw)), await p50(() => withDbScope(org, usage(db)))])
  const page = (client: Db) => () =>
    Promise.all([
      client.tenant.findMany({ orderBy: { createdAt: 'desc' }, take: 50, include: { org: { select: { name: true, slug: true } } } }),
      client.tenant.count(),
    ])
  rows.push(['console page', await p50(page(raw)), await p50(() => asSystem('bench', page(db)))])
  return rows
}

async function main() {
  console.log(`bench/rls: plain client vs row-level security, p50 ms over ${REPEAT} runs`)
  await forEachDatabase(
    async (target, database) => {
      const rows = await measure(database)
      console.log(`\n${target}`)
      console.log(`${'query'.padEnd(16)}${'plain'.padStart(10)}${'with RLS'.padStart(10)}${'ratio'.padStart(8)}`)
      for (const [name, plain, rls] of rows)
        console.log(
          `${name.padEnd(16)}${plain.toFixed(2).padStart(10)}${rls.toFixed(2).padStart(10)}${(rls / plain).toFixed(2).padStart(7)}×`,
        )
    },
    (target, reason) => console.log(`\n${target}: skipped (${reason})`),
  )
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
