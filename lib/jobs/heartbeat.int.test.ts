// Worker heartbeats: a worker that shut down is marked stopped (not left to look stale), readiness
// counts only workers still running, and stopped workers are pruned after a day.
import { describe, expect, it } from 'vitest'
import { useTestDatabase } from '../testing/use-test-database'
import { beat, latestHeartbeat, markStopped } from './heartbeat'

const database = useTestDatabase({ jobs: false })

describe('worker heartbeats', () => {
  it('marks a worker stopped; the latest heartbeat is that of a worker still running; a day-old stopped one goes', async () => {
    const now = Date.now()
    const startedAt = new Date(now - 60_000)
    await beat('w-running', startedAt, new Date(now - 3_000))
    await beat('w-leaving', startedAt, new Date(now - 1_000))
    await database.db.workerHeartbeat.create({
      data: {
        workerId: 'w-gone',
        hostname: 'h',
        pid: 1,
        startedAt,
        beatAt: new Date(now - 2 * 86_400_000),
        stoppedAt: new Date(now - 2 * 86_400_000),
      },
    })
    expect(await latestHeartbeat()).toMatchObject({ workerId: 'w-leaving' })

    await markStopped('w-leaving', new Date(now))
    expect(await database.db.workerHeartbeat.findUnique({ where: { workerId: 'w-leaving' } })).toMatchObject({
      stoppedAt: new Date(now),
      beatAt: new Date(now),
    })
    expect(await latestHeartbeat()).toMatchObject({ workerId: 'w-running' })
    expect((await database.db.workerHeartbeat.findMany({ orderBy: { workerId: 'asc' } })).map((h) => h.workerId)).toEqual([
      'w-leaving',
      'w-running',
    ])
  })
})
