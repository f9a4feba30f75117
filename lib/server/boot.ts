/**
 * Start-up of a server process (Next's instrumentation hook, scripts/worker.ts): validate the
 * configuration, open the database, start the embedded worker when this process should run one.
 * A bad configuration ends the process with one line naming the variable.
 */
import { ConfigError, getEnv } from '../env'
import { openDb, closeDb } from '../db'
import { log } from '../log/logger'
import { startWorker, type WorkerHandle } from '../jobs/worker'

const KEY = Symbol.for('tenancy.boot')
type State = { booted?: Promise<void>; worker?: WorkerHandle }
const state: State = ((globalThis as Record<symbol, State>)[KEY] ??= {})

export function boot(options: { worker: boolean }): Promise<void> {
  state.booted ??= (async () => {
    let env
    try {
      env = getEnv()
    } catch (error) {
      if (error instanceof ConfigError) {
        process.stderr.write(`${error.message}\n`)
        process.exit(1)
      }
      throw error
    }
    await openDb()
    if (options.worker && env.WORKER === 'embedded' && env.jobsMode === 'embedded') {
      state.worker = startWorker()
    }
    const shutdown = async (signal: string) => {
      log.info('shutting down', { signal })
      await state.worker?.stop()
      await closeDb()
      process.exit(0)
    }
    process.once('SIGTERM', () => void shutdown('SIGTERM'))
    process.once('SIGINT', () => void shutdown('SIGINT'))
    log.info('server booted', { database: env.database.kind, jobs: env.jobsMode, billing: env.billingMode, metrics: env.metricsMode })
  })()
  return state.booted
}

/** Whether this process is expected to beat a worker heartbeat (for readiness). */
export function requiresWorkerHeartbeat(): boolean {
  return getEnv().jobsMode === 'embedded'
}
