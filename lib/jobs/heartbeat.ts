/**
 * Background workers beat every few seconds; /api/readyz calls the worker healthy while the
 * newest beat is younger than HEARTBEAT_STALE_MS.
 */
import os from 'node:os'
import { db } from '../db'

export const HEARTBEAT_INTERVAL_MS = 5_000
export const HEARTBEAT_STALE_MS = 30_000

export async function beat(workerId: string, startedAt: Date, now = new Date()): Promise<void> {
  await db.workerHeartbeat.upsert({
    where: { workerId },
    update: { beatAt: now },
    create: { workerId, hostname: os.hostname(), pid: process.pid, startedAt, beatAt: now },
  })
}

export async function removeHeartbeat(workerId: string): Promise<void> {
  await db.workerHeartbeat.deleteMany({ where: { workerId } })
}

export async function latestHeartbeat(): Promise<{ workerId: string; beatAt: Date } | null> {
  return db.workerHeartbeat.findFirst({ orderBy: { beatAt: 'desc' }, select: { workerId: true, beatAt: true } })
}
