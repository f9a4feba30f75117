/**
 * One handle on the configured database for the start-up scripts: the migrator's raw connection
 * and a Prisma client over the same PGlite instance (opening PGlite costs seconds; once is enough).
 */
import type { Env } from '../../lib/env'
import { createPrisma, prismaOverPglite, type Db } from '../../lib/db'
import { connectSql, openPglite, pgliteConnection, type SqlConnection } from '../../lib/db/sql'

export interface ScriptDatabase {
  sql: SqlConnection
  db: Db
  close(): Promise<void>
}

export async function openScriptDatabase(env: Env): Promise<ScriptDatabase> {
  if (env.database.kind === 'pglite') {
    const pglite = await openPglite(env.database.dir)
    const prisma = await prismaOverPglite(pglite)
    return { sql: pgliteConnection(pglite, { keepOpen: true }), db: prisma.client, close: prisma.close }
  }
  const sql = await connectSql(env.database)
  const prisma = await createPrisma(env.database)
  return {
    sql,
    db: prisma.client,
    close: async () => {
      await sql.close()
      await prisma.close()
    },
  }
}
