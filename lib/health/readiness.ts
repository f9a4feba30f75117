/**
 * Readiness: the database answers, its migrations are at head, and (in embedded jobs mode) a
 * background worker has beaten recently. Each check reports on its own so a 503 names the culprit.
 */
import { db } from '../db'
import { migrationStatus } from '../db/migrations'
import { HEARTBEAT_STALE_MS, latestHeartbeat } from '../jobs/heartbeat'
import { log } from '../log/logger'

export interface CheckResult {
  ok: boolean
  detail?: string
}

export interface Readiness {
  ok: boolean
  failing: string[]
  checks: Record<'database' | 'migrations' | 'worker', CheckResult>
}

export async function checkReadiness(options: { requireWorker: boolean; now?: Date; migrationsDir?: string }): Promise<Readiness> {
  const now = options.now ?? new Date()
  const checks: Readiness['checks'] = {
    database: { ok: false },
    migrations: { ok: false },
    worker: { ok: !options.requireWorker, detail: options.requireWorker ? undefined : 'jobs run outside this process (Inngest)' },
  }
  try {
    await db.$queryRawUnsafe('SELECT 1')
    checks.database = { ok: true }
  } catch (error) {
    // The driver's message can name hosts and users: log it, answer generically.
    log.warn('readiness: database check failed', { error })
    checks.database = { ok: false, detail: 'database unreachable' }
  }
  if (checks.database.ok) {
    try {
      const status = await migrationStatus({ query: (sql, params = []) => db.$queryRawUnsafe(sql, ...params) }, options.migrationsDir)
      checks.migrations = status.pending.length
        ? { ok: false, detail: `pending migrations: ${status.pending.join(', ')} (run npm run db:migrate)` }
        : { ok: true, detail: `${status.applied.length} applied` }
    } catch (error) {
      log.warn('readiness: migration check failed', { error })
      checks.migrations = { ok: false, detail: 'could not read migration history' }
    }
    if (options.requireWorker) {
      const last = await latestHeartbeat().catch(() => null)
      const age = last ? now.getTime() - last.beatAt.getTime() : Infinity
      checks.worker =
        age <= HEARTBEAT_STALE_MS
          ? { ok: true, detail: `last beat ${Math.round(age / 1000)} s ago` }
          : {
              ok: false,
              detail: last
                ? `last heartbeat ${Math.round(age / 1000)} s ago (stale after ${HEARTBEAT_STALE_MS / 1000} s)`
                : 'no worker heartbeat yet',
            }
    }
  } else {
    checks.migrations = { ok: false, detail: 'database unreachable' }
    if (options.requireWorker) checks.worker = { ok: false, detail: 'database unreachable' }
  }
  const failing = Object.entries(checks)
    .filter(([, c]) => !c.ok)
    .map(([name]) => name)
  return { ok: failing.length === 0, failing, checks }
}
