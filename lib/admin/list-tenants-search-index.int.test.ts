// The tenants search and its trigram indexes, on a fleet large enough that the planner prefers
// the indexes to a scan (10,000 tenants: at 5,000 it is close). EXPLAIN of the very statement
// searchTenantIds runs must name a Bitmap Index Scan on each of the four indexes, so a dropped
// index, or a rewrite the indexes cannot serve (lower(col) LIKE …), fails here. And the id search
// and the relational filter must find exactly what a plain substring test finds, short terms and
// LIKE's own characters included. PGlite under `npm test`, PostgreSQL under `npm run test:pg`.
import { beforeAll, describe, expect, it } from 'vitest'
import { seedFleet } from '../../prisma/seed-fleet'
import { useTestDatabase } from '../testing/use-test-database'
import { createTenant } from '../orgs/testing/fixtures'
import {
  containsPattern,
  listTenantsInput,
  SEARCH_ID_LIST_LIMIT,
  SEARCH_TENANT_IDS_SQL,
  searchTenantIds,
  tenantWhere,
} from './list-tenants'

const FLEET = 10_000
const TRIGRAM_INDEXES = ['Organization_name_trgm_idx', 'Tenant_namespace_trgm_idx', 'Tenant_slug_trgm_idx', 'User_email_trgm_idx']

const database = useTestDatabase()
const now = new Date('2026-11-01T12:00:00Z')

beforeAll(async () => {
  await seedFleet(database.db, { size: FLEET, baseDomain: 'tenants.localhost', now })
  // Names with LIKE's own characters: found only when they are matched literally.
  const odd = await database.db.organization.create({ data: { name: '100% Pure_Data \\ Co', slug: 'odd-pure-data' } })
  const owner = await database.db.user.create({ data: { email: 'odd_owner%@example.test' } })
  await database.db.membership.create({ data: { orgId: odd.id, userId: owner.id, role: 'OWNER' } })
  await createTenant(database.db, { orgId: odd.id, slug: 'odd-pure-data' })
  await database.sql.exec('ANALYZE')
})

/** The plan of the search for `q`; `onlyIndexes` disables the plans that do without them. */
async function plan(q: string, options: { onlyIndexes?: boolean } = {}): Promise<string> {
  const rows = await database.sql.transaction(async (tx) => {
    if (options.onlyIndexes) await tx.exec('SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off')
    return tx.query<{ 'QUERY PLAN': string }>(`EXPLAIN (COSTS OFF) ${SEARCH_TENANT_IDS_SQL}`, [
      containsPattern(q),
      SEARCH_ID_LIST_LIMIT + 1,
    ])
  })
  return rows.map((r) => r['QUERY PLAN']).join('\n')
}

function expectTrigramIndexes(q: string, text: string) {
  for (const index of TRIGRAM_INDEXES) expect(text, `${q}\n${text}`).toContain(`Bitmap Index Scan on "${index}"`)
  expect(text, `${q}\n${text}`).not.toMatch(/Seq Scan on "(Tenant|Organization|User)"/)
}

describe('tenants search and its trigram indexes', () => {
  it('the migration made a GIN trigram index on each searched column, with a small pending list', async () => {
    const rows = await database.sql.query<{ name: string; definition: string; options: string[] | null }>(
      `SELECT c.relname AS name, pg_get_indexdef(c.oid) AS definition, c.reloptions AS options
       FROM pg_class c JOIN pg_am am ON am.oid = c.relam WHERE c.relkind = 'i' AND am.amname = 'gin' ORDER BY c.relname`,
    )
    expect(rows.map((r) => r.name)).toEqual(TRIGRAM_INDEXES)
    for (const r of rows) {
      expect(r.definition).toMatch(/USING gin \("?(slug|namespace|name|email)"? gin_trgm_ops\)/)
      expect(r.options).toEqual(['gin_pending_list_limit=256'])
    }
  })

  it(`the planner answers short distinctive terms from the four indexes among ${FLEET.toLocaleString('en-US')} tenants`, async () => {
    for (const q of ['4242', 'acme']) expectTrigramIndexes(q, await plan(q))
  })

  it('every term of 3 characters or more can be answered from the indexes; shorter ones are scanned', async () => {
    // Long terms share many trigrams with every row of this synthetic fleet ("owner-", "@fleet.test"),
    // so below ~20,000 tenants the planner rightly finds a scan cheaper; the indexes must still fit.
    for (const q of ['owner-004242@FLEET.test', 'Summit Robotics 4242', 'tenant-fleet-0042', 'zzz-nothing-matches', 'pure_data']) {
      expectTrigramIndexes(q, await plan(q, { onlyIndexes: true }))
    }
    // Two characters hold no trigram: nothing to look up, the planner scans (and finds; see below).
    expect(await plan('ab')).toMatch(/Seq Scan on "Tenant"/)
  })

  it('finds what a substring test finds: case-insensitive, short terms, LIKE characters literal, both ways', async () => {
    const tenants = await database.db.tenant.findMany({
      select: {
        id: true,
        slug: true,
        namespace: true,
        org: { select: { name: true, memberships: { where: { role: 'OWNER' }, select: { user: { select: { email: true } } } } } },
      },
    })
    const expected = (q: string) =>
      tenants
        .filter((t) =>
          [t.slug, t.namespace, t.org.name, ...t.org.memberships.map((m) => m.user.email)].some((s) =>
            s.toLowerCase().includes(q.toLowerCase()),
          ),
        )
        .map((t) => t.id)
        .sort()
    expect(expected('%')).toHaveLength(1) // only the odd organization: the comparisons below are not vacuous
    expect(expected('ab').length).toBeGreaterThan(SEARCH_ID_LIST_LIMIT / 10)

    for (const q of [
      'owner-004242@FLEET.test',
      'summit robotics 42',
      'TENANT-FLEET-0049',
      'ab',
      'Q',
      '7',
      '%',
      '_',
      '\\',
      '100%',
      'pure_data',
      'odd_owner%',
      'fleet_00012',
      'zzz',
    ]) {
      const want = expected(q)
      const byIds = await searchTenantIds(q, FLEET * 2)
      expect(byIds && [...byIds].sort(), q).toEqual(want)
      // The relational filter (used when more than SEARCH_ID_LIST_LIMIT match) means the same.
      const relational = await database.db.tenant.findMany({
        where: tenantWhere(listTenantsInput.parse({ q }), now, null),
        select: { id: true },
      })
      expect(relational.map((t) => t.id).sort(), q).toEqual(want)
    }
  })
})
