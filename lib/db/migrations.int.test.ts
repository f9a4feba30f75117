import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createTestDatabase, type TestDatabase } from '../testing/test-db'
import { upsertUsageSamples } from '../metering/upsert-usage-samples'
import { applyMigrations, migrationStatus, MigrationError, readMigrations } from './migrations'

let database: TestDatabase | undefined
afterEach(async () => {
  await database?.close()
  database = undefined
})

function tempMigrations(files: Record<string, string>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenancy-migrations-'))
  fs.writeFileSync(path.join(dir, 'migration_lock.toml'), 'provider = "postgresql"\n')
  for (const [name, sql] of Object.entries(files)) {
    fs.mkdirSync(path.join(dir, name))
    fs.writeFileSync(path.join(dir, name, 'migration.sql'), sql)
  }
  return dir
}

describe('applyMigrations', () => {
  it("applies the project's migrations and records them as Prisma does", async () => {
    database = await createTestDatabase({ migrate: false })
    const files = readMigrations()
    expect(files.length).toBeGreaterThan(0)
    const { applied } = await applyMigrations(database.sql)
    expect(applied).toEqual(files.map((f) => f.name))
    const rows = await database.sql.query<{
      migration_name: string
      checksum: string
      finished_at: Date | null
      applied_steps_count: number
    }>('SELECT migration_name, checksum, finished_at, applied_steps_count FROM "_prisma_migrations" ORDER BY migration_name')
    expect(rows.map((r) => r.migration_name)).toEqual(files.map((f) => f.name))
    expect(rows.map((r) => r.checksum)).toEqual(files.map((f) => f.checksum))
    expect(rows.every((r) => r.finished_at !== null && r.applied_steps_count === 1)).toBe(true)
    // the schema is usable through Prisma on the same connection, enum arrays included
    // (PGlite learns array types at start: it must relearn them after the migration created new enums)
    const org = await database.db.organization.create({ data: { name: 'Fresh', slug: 'fresh' } })
    const tenant = await database.db.tenant.create({ data: { orgId: org.id, slug: 'fresh', namespace: 'tenant-fresh', planId: 'free' } })
    const window = { windowStart: new Date('2026-01-01T00:00:00Z'), windowEnd: new Date('2026-01-01T01:00:00Z') }
    expect(await upsertUsageSamples(database.db, [{ tenantId: tenant.id, metric: 'CPU_CORE_SECONDS', value: 1, ...window }])).toBe(1)
    // a second run has nothing to do
    expect((await applyMigrations(database.sql)).applied).toEqual([])
  })

  it('rolls a failing migration back, reports it, and leaves it pending', async () => {
    database = await createTestDatabase({ migrate: false })
    const dir = tempMigrations({
      '001_widgets': 'CREATE TABLE "Widget" ("id" TEXT PRIMARY KEY);',
      '002_broken': 'CREATE TABLE "Gadget" ("id" TEXT PRIMARY KEY);\nINSERT INTO "Nope" VALUES (1);',
      '003_later': 'CREATE TABLE "Later" ("id" TEXT PRIMARY KEY);',
    })
    const failure = await applyMigrations(database.sql, { dir }).catch((e: unknown) => e)
    expect(failure).toBeInstanceOf(MigrationError)
    expect((failure as MigrationError).migration).toBe('002_broken')
    expect((failure as MigrationError).message).toMatch(/002_broken failed and was rolled back: .*Nope/)

    const tables = await database.sql.query<{ name: string }>(
      `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = 'public' ORDER BY 1`,
    )
    expect(tables.map((t) => t.name)).toEqual(['Widget', '_prisma_migrations']) // no Gadget: its transaction rolled back; 003 not attempted
    expect(await migrationStatus(database.sql, dir)).toMatchObject({ applied: ['001_widgets'], pending: ['002_broken', '003_later'] })

    fs.writeFileSync(path.join(dir, '002_broken', 'migration.sql'), 'CREATE TABLE "Gadget" ("id" TEXT PRIMARY KEY);')
    expect((await applyMigrations(database.sql, { dir })).applied).toEqual(['002_broken', '003_later'])
  })

  it('notices a migration edited after it was applied', async () => {
    database = await createTestDatabase({ migrate: false })
    const dir = tempMigrations({ '001_a': 'CREATE TABLE "A" ("id" TEXT PRIMARY KEY);' })
    await applyMigrations(database.sql, { dir })
    fs.writeFileSync(path.join(dir, '001_a', 'migration.sql'), 'CREATE TABLE "A" ("id" TEXT PRIMARY KEY, "x" INT);')
    const warnings: string[] = []
    await applyMigrations(database.sql, { dir, log: (m) => warnings.push(m) })
    expect((await migrationStatus(database.sql, dir)).edited).toEqual(['001_a'])
    expect(warnings.join('\n')).toContain('001_a was edited')
  })
})
