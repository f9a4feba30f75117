/**
 * Start-up of a server process (Next's instrumentation hook, scripts/worker.ts): validate the
 * configuration, open the database, configure the ports (ports.ts: the cluster, and `jobs.send`
 * to the embedded engine or Inngest), and start the embedded runner when this process should run
 * one. A bad configuration ends the process with one line naming the variable.
 */
import { ConfigError, getEnv } from '../lib/env'
import { getCatalog } from '../lib/plans/catalog'
import { openDb, closeDb } from '../lib/db'
import { log } from '../lib/log/logger'
import { Runner } from '../lib/jobs/runner'
import { configurePorts } from './ports'

const KEY = Symbol.for('tenancy.boot')
type State = { booted?: Promise<void>; runner?: Runner }
const state: State = ((globalThis as Record<symbol, State>)[KEY] ??= {})

/** `forceWorker` runs the runner even when WORKER=off (the dedicated worker process). */
export function boot(options: { worker: boolean; forceWorker?: boolean }): Promise<void> {
  state.booted ??= (async () => {
    let env
    try {
      env = getEnv()
      getCatalog()
    } catch (error) {
      if (error instanceof ConfigError) {
        process.stderr.write(`${error.message}\n`)
        process.exit(1)
      }
      throw error
    }
    const db = await openDb()
    const { engine } = configurePorts(env, db)
    if (engine && options.worker && (env.WORKER === 'embedded' || options.forceWorker)) state.runner = new Runner(engine).start()
    const shutdown = async (signal: string) => {
      log.info('shutting down', { signal })
      await state.runner?.stop()
      await closeDb()
      process.exit(0)
    }
    process.once('SIGTERM', () => void shutdown('SIGTERM'))
    process.once('SIGINT', () => void shutdown('SIGINT'))
    log.info('server booted', { database: env.database.kind, jobs: env.jobsMode, billing: env.billingMode, metrics: env.metricsMode })
  })()
  return state.booted
}

/** Whether readiness should require a fresh worker heartbeat. */
export function requiresWorkerHeartbeat(): boolean {
  return getEnv().jobsMode === 'embedded'
}
