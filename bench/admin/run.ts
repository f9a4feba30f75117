/**
 * bench/admin — the console's tenants table (lib/admin/list-tenants.ts) at 10,000 and 100,000
 * tenants, seeded straight into a fresh database (prisma/seed-fleet.ts), on PGlite and on
 * PostgreSQL when one answers. Each query is the page the console renders (50 rows + the count):
 *   first page     newest first, no filter
 *   sort by name   organization name ascending (join)
 *   deep page      page 100, newest first
 *   filter         state SUSPENDED and plan pro
 *   trial ending   subscriptions in trial ending within 7 days
 *   search email   an owner's exact address (owner-004242@fleet.test)
 *   search name    a word of organization names ("summit", 1 in 20 match)
 *   search miss    a string nothing contains (the trigram indexes answer it without reading rows)
 * p50/p95 in ms over --repeat runs (default 20) after 2 warm-up runs.
 * usage: npm run bench:admin [-- --repeat 20 --sizes 10000,100000]   (PostgreSQL: DATABASE_URL or 127.0.0.1:5432)
 */
import { seedFleet } from '../../prisma/seed-fleet'
import { listTenants, type ListTenantsInput } from '../../lib/admin/list-tenants'
import { createTestDatabase, type TestDatabase } from '../../lib/testing/test-db'
import { numberArg, percentile } from '../lib/args'

const REPEAT = numberArg('repeat', 20)
const sizesArg = process.argv.indexOf('--sizes')
const SIZES = sizesArg >= 0 ? process.argv[sizesArg + 1]!.split(',').map(Number) : [10_000, 100_000]
const PG_URL = process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres'

const QUERIES: [string, ListTenantsInput][] = [
  ['first page', {}],
  ['sort by name', { sort: 'name', dir: 'asc' }],
  ['deep page', { page: 100 }],
  ['filter', { state: 'SUSPENDED', plan: 'pro' }],
  ['trial ending', { trialEnding: true }],
  ['search email', { q: 'owner-004242@fleet.test' }],
  ['search name', { q: 'summit' }],
  ['search miss', { q: 'zzz-nothing-matches' }],
]

async function measure(database: TestDatabase, size: number) {
  const seedStart = performance.now()
  await seedFleet(database.db, { size, baseDomain: 'tenants.localhost' })
  await database.db.$executeRawUnsafe('ANALYZE')
  const seedSeconds = (performance.now() - seedStart) / 1000
  const rows: { name: string; p50: number; p95: number; total: number }[] = []
  for (const [name, input] of QUERIES) {
    const times: number[] = []
    let total = 0
    for (let i = 0; i < REPEAT + 2; i++) {
      const started = performance.now()
      const page = await listTenants({ pageSize: 50, ...input })
      if (i >= 2) times.push(performance.now() - started)
      total = page.total
    }
    rows.push({ name, p50: percentile(times, 50), p95: percentile(times, 95), total })
  }
  return { seedSeconds, rows }
}

async function main() {
  console.log(`bench/admin: tenants table, pages of 50 with their count, ${REPEAT} runs per query, sizes ${SIZES.join(', ')}`)
  for (const [target, serverUrl] of [
    ['PGlite (embedded)', null],
    ['PostgreSQL 127.0.0.1', PG_URL],
  ] as const) {
    for (const size of SIZES) {
      let database: TestDatabase
      try {
        database = await createTestDatabase({ serverUrl })
      } catch (error) {
        console.log(`\n${target}: skipped (${(error as Error).message.split('\n')[0]})`)
        break
      }
      try {
        const { seedSeconds, rows } = await measure(database, size)
        console.log(`\n${target}, ${size.toLocaleString('en-US')} tenants (seeded in ${seedSeconds.toFixed(1)} s)`)
        console.log(`${'query'.padEnd(16)}${'matches'.padStart(10)}${'p50 ms'.padStart(10)}${'p95 ms'.padStart(10)}`)
        for (const r of rows)
          console.log(`${r.name.padEnd(16)}${String(r.total).padStart(10)}${r.p50.toFixed(1).padStart(10)}${r.p95.toFixed(1).padStart(10)}`)
      } finally {
        await database.close()
      }
    }
  }
}

main().catch((error) => {
  console.error(error)
  process.exit(1)
})
