/**
 * Start-up of a server process (Next's instrumentation hook, scripts/worker.ts): validate the
 * configuration, open the database, configure the ports (ports.ts: the cluster, and `jobs.send`
 * to the embedded engine or Inngest), and start the embedded runner when this process should run
 * one. A bad configuration ends the process with one line naming the variable.
 *
 * It also owns the signals: SIGTERM and SIGINT start the process's one shutdown sequence
 * (lib/os/shutdown.ts: stop accepting, drain HTTP, release the runner's runs at their next step
 * boundary, mark its heartbeat stopped, close the database, exit 0 within SHUTDOWN_TIMEOUT_SECONDS).
 * Next must leave them alone: `next start` only does with NEXT_MANUAL_SIG_HANDLE=true.
 */
import { ConfigError, getEnv } from '../lib/env'
import { getApps } from '../lib/apps/catalog'
import { getCatalog } from '../lib/plans/catalog'
import { openDb, closeDb } from '../lib/db'
import { log } from '../lib/log/logger'
import { Runner } from '../lib/jobs/runner'
import { processShutdown } from '../lib/os/shutdown'
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
      getApps()
    } catch (error) {
      if (error instanceof ConfigError) {
        process.stderr.write(`${error.message}\n`)
        process.exit(1)
      }
      throw error
    }
    const timeoutMs = env.SHUTDOWN_TIMEOUT_SECONDS * 1000
    const shutdown = processShutdown().configure({ timeoutMs, log: log.child({ component: 'shutdown' }) })
    // Every HTTP server of this process (ours or Next's) is found at its first request and drained.
    shutdown.watchHttp()
    const db = await openDb()
    const { engine } = configurePorts(env, db)
    if (engine && options.worker && (env.WORKER === 'embedded' || options.forceWorker)) {
      // The shutdown's signal, not the runner's own timeout, decides when in-flight steps must stop.
      const runner = (state.runner = new Runner(engine, { shutdownTimeoutMs: timeoutMs }).start())
      shutdown.onDrain('runner', ({ signal }) => runner.stop({ signal }))
    }
    shutdown.onClose('database', () => closeDb())
    shutdown.handleSignals()
    log.info('server booted', { database: env.database.kind, jobs: env.jobsMode, billing: env.billingMode, metrics: env.metricsMode })
  })()
  return state.booted
}

/** Whether readiness should require a fresh worker heartbeat. */
export function requiresWorkerHeartbeat(): boolean {
  return getEnv().jobsMode === 'embedded'
}
