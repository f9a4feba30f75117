/**
 * A minimal SQL connection over the two drivers Tenancy supports (PGlite embedded, pg for a
 * PostgreSQL server). Used by the migrator and readiness checks, which must work before and
 * without the Prisma client.
 */
import fs from 'node:fs'
import path from 'node:path'

export interface SqlConnection {
  readonly kind: 'pglite' | 'postgres'
  query<T = Record<string, unknown>>(sql: string, params?: unknown[]): Promise<T[]>
  /** Runs a script of several statements (simple query protocol). */
  exec(sql: string): Promise<void>
  /** Runs fn inside BEGIN/COMMIT; ROLLBACK when it throws. */
  transaction<T>(fn: (tx: Pick<SqlConnection, 'query' | 'exec'>) => Promise<T>): Promise<T>
  /** Called after DDL: PGlite caches array type ids at start and must relearn them (new enums). */
  afterSchemaChange?(): Promise<void>
  close(): Promise<void>
}

export type DatabaseTarget = { kind: 'pglite'; dir: string } | { kind: 'postgres'; url: string }

/**
 * The PostgreSQL extensions every PGlite of Tenancy loads (PostgreSQL servers have them as contrib
 * modules). A migration creates them in the database, and a database that has them must always be
 * opened with them: an index of pg_trgm cannot be read (nor written) without it. So every PGlite
 * — the application's, the migrator's, the tests', the schema diff's shadow — is opened with these.
 */
export async function pgliteExtensions() {
  const { pg_trgm } = await import('@electric-sql/pglite/contrib/pg_trgm')
  return { pg_trgm }
}

export async function openPglite(dir: string): Promise<import('@electric-sql/pglite').PGlite> {
  const { PGlite } = await import('@electric-sql/pglite')
  const options = { extensions: await pgliteExtensions() }
  if (dir.startsWith('memory://')) return new PGlite(dir, options)
  fs.mkdirSync(path.resolve(dir), { recursive: true })
  return new PGlite(path.resolve(dir), options)
}

/** A SqlConnection over an open PGlite (closing it closes the PGlite unless keepOpen). */
export function pgliteConnection(db: import('@electric-sql/pglite').PGlite, options: { keepOpen?: boolean } = {}): SqlConnection {
  return {
    kind: 'pglite',
    query: async (sql, params) => (await db.query(sql, params)).rows as never[],
    exec: async (sql) => {
      await db.exec(sql)
    },
    transaction: (fn) =>
      db.transaction((tx) =>
        fn({
          query: async (sql, params) => (await tx.query(sql, params)).rows as never[],
          exec: async (sql) => {
            await tx.exec(sql)
          },
        }),
      ),
    afterSchemaChange: () => db.refreshArrayTypes(),
    close: async () => {
      if (!options.keepOpen) await db.close()
    },
  }
}

export async function connectSql(target: DatabaseTarget): Promise<SqlConnection> {
  if (target.kind === 'pglite') return pgliteConnection(await openPglite(target.dir))
  const { Client } = await import('pg')
  const client = new Client({ connectionString: target.url })
  await client.connect()
  const conn: SqlConnection = {
    kind: 'postgres',
    query: async (sql, params) => (await client.query(sql, params as unknown[])).rows,
    exec: async (sql) => {
      await client.query(sql)
    },
    transaction: async (fn) => {
      await client.query('BEGIN')
      try {
        const result = await fn({ query: conn.query, exec: conn.exec })
        await client.query('COMMIT')
        return result
      } catch (error) {
        await client.query('ROLLBACK')
        throw error
      }
    },
    close: () => client.end(),
  }
  return conn
}
