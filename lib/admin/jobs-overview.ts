/**
 * Job health for the console: runs by status over the last 24 hours, the newest runs, failures
 * and dead letters (with their last error), worker heartbeats with their age, and the
 * reconciler's open findings (orphans, missing namespaces, drift) and recent resolutions.
 */
import { db } from '../db'

export const HEARTBEAT_STALE_MS = 30_000

const runSelect = {
  id: true,
  functionId: true,
  eventName: true,
  status: true,
  attempt: true,
  maxAttempts: true,
  error: true,
  replayCount: true,
  createdAt: true,
  finishedAt: true,
} as const

export async function jobsOverview(now = new Date()) {
  const since = new Date(now.getTime() - 24 * 3_600_000)
  const [byStatus, recent, failures, heartbeats, openFindings, resolvedFindings] = await Promise.all([
    db.jobRun.groupBy({ by: ['status'], where: { createdAt: { gte: since } }, _count: { _all: true } }),
    db.jobRun.findMany({ orderBy: { createdAt: 'desc' }, take: 25, select: runSelect }),
    db.jobRun.findMany({ where: { status: { in: ['DEAD', 'FAILED'] } }, orderBy: { createdAt: 'desc' }, take: 50, select: runSelect }),
    db.workerHeartbeat.findMany({ orderBy: { beatAt: 'desc' }, take: 20 }),
    db.reconcileFinding.findMany({ where: { resolvedAt: null }, orderBy: { lastSeenAt: 'desc' }, take: 100 }),
    db.reconcileFinding.findMany({ where: { resolvedAt: { not: null } }, orderBy: { resolvedAt: 'desc' }, take: 20 }),
  ])
  return {
    last24h: Object.fromEntries(byStatus.map((s) => [s.status, s._count._all])) as Record<string, number>,
    recent,
    failures,
    heartbeats: heartbeats.map((h) => ({
      ...h,
      ageMs: now.getTime() - h.beatAt.getTime(),
      // A worker that shut down gracefully is stopped, not stale.
      state: h.stoppedAt
        ? ('stopped' as const)
        : now.getTime() - h.beatAt.getTime() > HEARTBEAT_STALE_MS
          ? ('stale' as const)
          : ('alive' as const),
    })),
    openFindings,
    resolvedFindings,
  }
}
