/**
 * The embedded background worker: runs inside the web server process (one process shares the
 * embedded database safely) or on its own (`npm run worker`) against PostgreSQL.
 * It beats a heartbeat that /api/readyz checks; the job runner plugs in here.
 */
import crypto from 'node:crypto'
import os from 'node:os'
import { log } from '../log/logger'
import { beat, HEARTBEAT_INTERVAL_MS, removeHeartbeat } from './heartbeat'

export interface WorkerHandle {
  workerId: string
  stop(): Promise<void>
}

export function startWorker(options: { intervalMs?: number } = {}): WorkerHandle {
  const workerId = `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`
  const startedAt = new Date()
  const logger = log.child({ component: 'worker', workerId })
  let stopped = false
  let inFlight: Promise<void> = Promise.resolve()

  const tick = () => {
    inFlight = beat(workerId, startedAt).catch((error) => logger.warn('heartbeat failed', { error }))
  }
  tick()
  const timer = setInterval(tick, options.intervalMs ?? HEARTBEAT_INTERVAL_MS)
  timer.unref()
  logger.info('worker started')

  return {
    workerId,
    async stop() {
      if (stopped) return
      stopped = true
      clearInterval(timer)
      await inFlight
      await removeHeartbeat(workerId).catch(() => {})
      logger.info('worker stopped')
    },
  }
}
