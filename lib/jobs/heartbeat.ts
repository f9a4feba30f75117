/**
 * Background workers beat every few seconds; /api/readyz calls the worker healthy while the
 * newest beat of a running worker is younger than HEARTBEAT_STALE_MS. A worker that shuts down
 * gracefully is marked stopped (kept a day for the console, then pruned): it left, it did not die.
 */
import os from 'node:os'
import { db } from '../db'

export const HEARTBEAT_INTERVAL_MS = 5_000
export const HEARTBEAT_STALE_MS = 30_000
const STOPPED_KEPT_MS = 24 * 3_600_000

export async function beat(workerId: string, startedAt: Date, now = new Date()): Promise<void> {
  await db.workerHeartbeat.upsert({
    where: { workerId },
    update: { beatAt: now },
    create: { workerId, hostname: os.hostname(), pid: process.pid, startedAt, beatAt: now },
  })
}

export async function markStopped(workerId: string, now = new Date()): Promise<void> {
  await db.workerHeartbeat.updateMany({ where: { workerId }, data: { beatAt: now, stoppedAt: now } })
  await db.workerHeartbeat.deleteMany({ where: { stoppedAt: { lt: new Date(now.getTime() - STOPPED_KEPT_MS) } } })
}

/** The newest beat of a worker still running. */
export async function latestHeartbeat(): Promise<{ workerId: string; beatAt: Date } | null> {
  return db.workerHeartbeat.findFirst({ where: { stoppedAt: null }, orderBy: { beatAt: 'desc' }, select: { workerId: true, beatAt: true } })
}
