/**
 * Applies prisma/migrations to PGlite or PostgreSQL without Prisma's native engine, keeping the
 * `_prisma_migrations` table exactly as `prisma migrate deploy` does, so either tool can take over.
 * Each migration runs in its own transaction: a failing one is rolled back, reported, and stays pending.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { SqlConnection } from './sql'

export const DEFAULT_MIGRATIONS_DIR = path.join(/*turbopackIgnore: true*/ process.cwd(), 'prisma', 'migrations')

export interface MigrationFile {
  name: string
  sql: string
  checksum: string
}

export class MigrationError extends Error {
  constructor(
    readonly migration: string,
    readonly cause: unknown,
  ) {
    super(`Migration ${migration} failed and was rolled back: ${cause instanceof Error ? cause.message : String(cause)}`)
    this.name = 'MigrationError'
  }
}

export function readMigrations(dir = DEFAULT_MIGRATIONS_DIR): MigrationFile[] {
  // The migrations are read at run time from the project, not bundled (hence turbopackIgnore).
  if (!fs.existsSync(/*turbopackIgnore: true*/ dir)) return []
  return fs
    .readdirSync(/*turbopackIgnore: true*/ dir, { withFileTypes: true })
    .filter((d) => d.isDirectory() && fs.existsSync(/*turbopackIgnore: true*/ path.join(dir, d.name, 'migration.sql')))
    .map((d) => d.name)
    .sort()
    .map((name) => {
      const sql = fs.readFileSync(/*turbopackIgnore: true*/ path.join(dir, name, 'migration.sql'), 'utf8')
      return { name, sql, checksum: crypto.createHash('sha256').update(sql).digest('hex') }
    })
}

// The same DDL Prisma's schema engine creates.
const BOOKKEEPING = `CREATE TABLE IF NOT EXISTS "_prisma_migrations" (
  "id" VARCHAR(36) PRIMARY KEY NOT NULL,
  "checksum" VARCHAR(64) NOT NULL,
  "finished_at" TIMESTAMPTZ,
  "migration_name" VARCHAR(255) NOT NULL,
  "logs" TEXT,
  "rolled_back_at" TIMESTAMPTZ,
  "started_at" TIMESTAMPTZ NOT NULL DEFAULT now(),
  "applied_steps_count" INTEGER NOT NULL DEFAULT 0
)`

// Any constant works; it only has to be the same for every Tenancy process on one database.
const MIGRATION_LOCK_ID = 727_311_001

export interface MigrationStatus {
  applied: string[]
  pending: string[]
  /** Applied migrations whose file changed since (checksum mismatch). */
  edited: string[]
  /** Recorded in the database but missing on disk (database is ahead of this build). */
  unknown: string[]
}

async function appliedRows(conn: Pick<SqlConnection, 'query'>) {
  const exists = await conn.query<{ present: boolean }>(`SELECT to_regclass('"_prisma_migrations"') IS NOT NULL AS present`)
  if (!exists[0]?.present) return []
  return conn.query<{ migration_name: string; checksum: string }>(
    `SELECT migration_name, checksum FROM "_prisma_migrations"
     WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY migration_name`,
  )
}

export async function migrationStatus(conn: Pick<SqlConnection, 'query'>, dir = DEFAULT_MIGRATIONS_DIR): Promise<MigrationStatus> {
  const files = readMigrations(dir)
  const rows = await appliedRows(conn)
  const applied = new Map(rows.map((r) => [r.migration_name, r.checksum]))
  return {
    applied: files.filter((f) => applied.has(f.name)).map((f) => f.name),
    pending: files.filter((f) => !applied.has(f.name)).map((f) => f.name),
    edited: files.filter((f) => applied.has(f.name) && applied.get(f.name) !== f.checksum).map((f) => f.name),
    unknown: rows.map((r) => r.migration_name).filter((name) => !files.some((f) => f.name === name)),
  }
}

export async function applyMigrations(
  conn: SqlConnection,
  options: { dir?: string; log?: (message: string) => void } = {},
): Promise<{ applied: string[] }> {
  const log = options.log ?? (() => {})
  const files = readMigrations(options.dir)
  await conn.exec(BOOKKEEPING)
  // Two processes starting at once against one PostgreSQL server: the second waits here.
  if (conn.kind === 'postgres') await conn.query('SELECT pg_advisory_lock($1)', [MIGRATION_LOCK_ID])
  try {
    const status = await migrationStatus(conn, options.dir)
    for (const name of status.edited) log(`warning: migration ${name} was edited after it was applied`)
    const applied: string[] = []
    for (const file of files.filter((f) => status.pending.includes(f.name))) {
      const startedAt = Date.now()
      try {
        await conn.transaction(async (tx) => {
          await tx.exec(file.sql)
          await tx.query(
            `INSERT INTO "_prisma_migrations" (id, checksum, migration_name, started_at, finished_at, applied_steps_count)
             VALUES ($1, $2, $3, $4, now(), 1)`,
            [crypto.randomUUID(), file.checksum, file.name, new Date(startedAt)],
          )
        })
      } catch (error) {
        throw new MigrationError(file.name, error)
      }
      log(`applied ${file.name} (${Date.now() - startedAt} ms)`)
      applied.push(file.name)
    }
    if (applied.length) await conn.afterSchemaChange?.()
    return { applied }
  } finally {
    if (conn.kind === 'postgres') await conn.query('SELECT pg_advisory_unlock($1)', [MIGRATION_LOCK_ID])
  }
}
