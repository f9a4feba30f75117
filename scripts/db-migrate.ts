// npm run db:migrate — apply pending migrations to the configured database (PGlite or PostgreSQL).
import { getEnv } from '../lib/env'
import { connectSql } from '../lib/db/sql'
import { applyMigrations } from '../lib/db/migrations'
import { runCli } from './lib/cli'

runCli(async () => {
  const env = getEnv()
  const conn = await connectSql(env.database)
  try {
    const { applied } = await applyMigrations(conn, { log: (m) => console.log(m) })
    console.log(applied.length ? `${applied.length} migration(s) applied` : 'database is up to date')
  } finally {
    await conn.close()
  }
})
