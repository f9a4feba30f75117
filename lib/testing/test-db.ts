/**
 * A fresh, migrated database for one test file. Embedded PGlite (in memory) by default; with
 * DATABASE_URL set (npm run test:pg) a new database on that PostgreSQL server, dropped afterwards.
 * The client is also installed as the process-wide `db`, so domain functions use it.
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import { getEnv } from '../env'
import { createPrisma, prismaOverPglite, installDb, setFallbackDbScope, type Db } from '../db'
import { applyMigrations, readMigrations } from '../db/migrations'
import { copyTemplate, emptyTemplate, templateDir } from '../db/pglite-template'
import { connectSql, openPglite, pgliteConnection, type SqlConnection } from '../db/sql'

export interface TestDatabase {
  db: Db
  kind: 'pglite' | 'postgres'
  /** The same database through the migrator's raw connection. */
  sql: SqlConnection
  /** PostgreSQL only: the URL of this test's own database. */
  url?: string
  close(): Promise<void>
}

/** The PostgreSQL server of `npm run test:pg`, or undefined for the embedded database. */
export function serverUrl(): string | undefined {
  const env = getEnv()
  return env.database.kind === 'postgres' ? env.database.url : undefined
}

export async function createTestDatabase(
  options: {
    migrationsDir?: string
    migrate?: boolean
    /** PostgreSQL server to use; null forces PGlite. Default: DATABASE_URL. */ serverUrl?: string | null
  } = {},
): Promise<TestDatabase> {
  const url = options.serverUrl === undefined ? serverUrl() : (options.serverUrl ?? undefined)
  let sql: SqlConnection
  let prisma: { client: Db; close: () => Promise<void> }
  let drop = async () => {}
  let ownUrl: string | undefined
  if (url) {
    const name = `tenancy_test_${crypto.randomBytes(6).toString('hex')}`
    const admin = await connectSql({ kind: 'postgres', url })
    await admin.exec(`CREATE DATABASE "${name}"`)
    await admin.close()
    const u = new URL(url)
    u.pathname = `/${name}`
    ownUrl = u.toString()
    sql = await connectSql({ kind: 'postgres', url: ownUrl })
    prisma = await createPrisma({ kind: 'postgres', url: u.toString() })
    drop = async () => {
      const again = await connectSql({ kind: 'postgres', url })
      await again.exec(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)
      await again.close()
    }
  } else {
    // A copy of a template cluster: already migrated when the project's migrations are wanted.
    const isProjectSchema = options.migrate !== false && !options.migrationsDir
    const template = isProjectSchema ? await migratedTemplate() : await emptyTemplate()
    const dir = copyTemplate(template)
    const pglite = await openPglite(dir)
    sql = pgliteConnection(pglite, { keepOpen: true })
    prisma = await prismaOverPglite(pglite)
    drop = async () => fs.rmSync(dir, { recursive: true, force: true })
  }
  if (options.migrate !== false) await applyMigrations(sql, { dir: options.migrationsDir })
  installDb(prisma.client, prisma.close)
  // Code called outside an entry point (fixtures, a use case called directly) sees every
  // organization; entry points still set their own scope (lib/db/scope.ts).
  setFallbackDbScope({ system: { reason: 'test' } })
  return {
    db: prisma.client,
    kind: sql.kind,
    sql,
    url: ownUrl,
    close: async () => {
      await sql.close()
      await prisma.close()
      await drop()
    },
  }
}

/** An embedded cluster with the project's migrations applied, rebuilt whenever they change. */
export function migratedTemplate(): Promise<string> {
  const key = crypto
    .createHash('sha256')
    .update(
      readMigrations()
        .map((m) => `${m.name}:${m.checksum}`)
        .join('\n'),
    )
    .digest('hex')
    .slice(0, 16)
  return templateDir(`migrated-${key}`, async (conn) => {
    await applyMigrations(conn)
  })
}
