/**
 * Start-up of a server process (Next's instrumentation hook, scripts/worker.ts): validate the
 * configuration, open the database, wire `jobs.send` to the embedded engine or Inngest, and start
 * the embedded runner when this process should run one. A bad configuration ends the process
 * with one line naming the variable.
 */
import { ConfigError, getEnv } from '../env'
import { getCatalog } from '../plans/catalog'
import { openDb, closeDb } from '../db'
import { log } from '../log/logger'
import { configureJobs } from '../jobs/jobs'
import { JobEngine } from '../jobs/engine'
import { Runner } from '../jobs/runner'
import { jobFunctions } from '../../workflows'
import { inngestClient } from '../../inngest/client'
import { configureCluster } from '../provisioning/target'
import { clusterTargetFromEnv } from '../provisioning/cluster-from-env'

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
    // Resolved on first use: a bad kubeconfig fails the provisioning step that needs it, loudly.
    configureCluster(clusterTargetFromEnv)
    if (env.jobsMode === 'embedded') {
      const engine = new JobEngine(db, jobFunctions)
      configureJobs(engine)
      if (options.worker && (env.WORKER === 'embedded' || options.forceWorker)) state.runner = new Runner(engine).start()
    } else {
      const client = inngestClient()
      configureJobs({
        send: async (events) => (await client.send(events.map((e) => ({ ...e, data: e.data as Record<string, unknown> })))).ids,
      })
    }
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
