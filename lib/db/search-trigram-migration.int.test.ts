// The trigram migration on a database made before it (the upgrade path). PGlite: a data directory
// created and migrated by the previous build, which opened PGlite without extensions, then opened
// by this build (openPglite loads pg_trgm) and migrated; it must open again afterwards. PostgreSQL
// (test:pg): a database migrated up to the migration before. Either way the rows written before
// are found through the new indexes. (A fresh database: every other test, and migrations.int.test.ts.)
import fs from 'node:fs'
import { afterEach, describe, expect, it } from 'vitest'
import { seedFleet } from '../../prisma/seed-fleet'
import { containsPattern, SEARCH_TENANT_IDS_SQL } from '../admin/list-tenants'
import { createTestDatabase, serverUrl, type TestDatabase } from '../testing/test-db'
import { prismaOverPglite } from './client'
import { applyMigrations } from './migrations'
import { copyTemplate, emptyTemplate } from './pglite-template'
import { openPglite, pgliteConnection, type SqlConnection } from './sql'
import { migrationsBefore } from './testing/migrations-before'

const TRIGRAM = '20261122083812_admin_search_trigram'
const INDEXES = ['Organization_name_trgm_idx', 'Tenant_namespace_trgm_idx', 'Tenant_slug_trgm_idx', 'User_email_trgm_idx']

const cleanups: (() => Promise<void> | void)[] = []
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup()
})

/** The search, made to use the indexes (a scan would find the rows whether they are indexed or not). */
async function searchThroughIndexes(conn: SqlConnection, q: string): Promise<string[]> {
  const rows = await conn.transaction(async (tx) => {
    await tx.exec('SET LOCAL enable_seqscan = off; SET LOCAL enable_indexscan = off')
    return tx.query<{ id: string }>(SEARCH_TENANT_IDS_SQL, [containsPattern(q), 100])
  })
  return rows.map((r) => r.id).sort()
}

async function expectUpgraded(conn: SqlConnection) {
  expect(await conn.query(`SELECT extname FROM pg_extension WHERE extname = 'pg_trgm'`)).toHaveLength(1)
  const indexes = await conn.query<{ name: string; valid: boolean }>(
    `SELECT c.relname AS name, i.indisvalid AS valid FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
     WHERE c.relname LIKE '%\\_trgm\\_idx' ORDER BY 1`,
  )
  expect(indexes).toEqual(INDEXES.map((name) => ({ name, valid: true })))
  expect(await searchThroughIndexes(conn, 'FLEET-000042')).toEqual(['fleet-tenant-000042']) // slug, namespace
  expect(await searchThroughIndexes(conn, 'owner-000117@')).toEqual(['fleet-tenant-000117']) // owner email
  expect(await searchThroughIndexes(conn, 'Delta Robotics 123')).toEqual(['fleet-tenant-000123']) // organization name
}

describe(`migration ${TRIGRAM} on an existing database`, () => {
  it.skipIf(Boolean(serverUrl()))(
    'PGlite: a data directory of the previous build is migrated, searched through the indexes, and opens again',
    async () => {
      const dir = copyTemplate(await emptyTemplate())
      cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }))
      // The previous build: PGlite without extensions, the migrations before this one, some tenants.
      const { PGlite } = await import('@electric-sql/pglite')
      const old = new PGlite(dir)
      const previous = await prismaOverPglite(old)
      cleanups.push(() => (old.closed ? undefined : previous.close()))
      expect(
        (await applyMigrations(pgliteConnection(old, { keepOpen: true }), { dir: migrationsBefore(TRIGRAM, cleanups) })).applied,
      ).not.toContain(TRIGRAM)
      await seedFleet(previous.client, { size: 300, baseDomain: 'tenants.localhost' })
      await previous.close()

      // This build.
      const pglite = await openPglite(dir)
      cleanups.push(() => (pglite.closed ? undefined : pglite.close()))
      const conn = pgliteConnection(pglite)
      expect((await applyMigrations(conn)).applied[0]).toBe(TRIGRAM)
      await expectUpgraded(conn)
      await conn.close()

      // Opened again (its indexes need pg_trgm loaded at open), then written to: new rows are indexed too.
      const reopened = await openPglite(dir)
      const again = await prismaOverPglite(reopened)
      cleanups.push(() => (reopened.closed ? undefined : again.close()))
      await seedFleet(again.client, { size: 10, from: 301, baseDomain: 'tenants.localhost' })
      expect(await searchThroughIndexes(pgliteConnection(reopened, { keepOpen: true }), 'fleet-000305')).toEqual(['fleet-tenant-000305'])
    },
  )

  it.skipIf(!serverUrl())('PostgreSQL: a database migrated before it is migrated and searched through the indexes', async () => {
    const database: TestDatabase = await createTestDatabase({ migrationsDir: migrationsBefore(TRIGRAM, cleanups) })
    cleanups.push(() => database.close())
    await seedFleet(database.db, { size: 300, baseDomain: 'tenants.localhost' })
    expect((await applyMigrations(database.sql)).applied[0]).toBe(TRIGRAM)
    await expectUpgraded(database.sql)
  })
})
