/**
 * npm run worker — the embedded job runner on its own, for deployments on PostgreSQL that run
 * web processes with WORKER=off and scale workers separately. Several workers may share one
 * database (claims use FOR UPDATE SKIP LOCKED). Stops gracefully on SIGTERM / SIGINT.
 */
import { getEnv } from '../lib/env'
import { boot } from '../server/boot'
import { connectSql } from '../lib/db/sql'
import { migrationStatus } from '../lib/db/migrations'
import { runCli, UsageError } from './lib/cli'

runCli(async () => {
  const env = getEnv()
  if (env.database.kind === 'pglite') {
    throw new UsageError(
      'npm run worker needs DATABASE_URL: the embedded database can be open in one process only, ' +
        'and npm start already runs the worker inside the web server.',
    )
  }
  if (env.jobsMode !== 'embedded')
    throw new UsageError('Jobs run on Inngest (JOBS_MODE resolves to inngest): Inngest calls /api/inngest, no worker process is needed.')
  const conn = await connectSql(env.database)
  const { pending } = await migrationStatus(conn).finally(() => conn.close())
  if (pending.length) throw new UsageError(`The database has pending migrations (${pending.join(', ')}): run npm run db:migrate first.`)
  await boot({ worker: true, forceWorker: true })
  console.log('[tenancy] worker running; Ctrl-C to stop')
  await new Promise(() => {}) // boot() installs the signal handlers that stop the runner and exit
})
