// Job health and replay on a real database with the real engine and runner: a job that fails
// until it is told not to ends DEAD, shows up as a dead letter, and a replay runs it to success.
import { describe, expect, it } from 'vitest'
import { defineJob } from '../jobs/define'
import { JobEngine } from '../jobs/engine'
import { Runner } from '../jobs/runner'
import { silentLogger } from '../log/logger'
import { createUser } from '../orgs/testing/fixtures'
import { useTestDatabase } from '../testing/use-test-database'
import { until } from '../testing/until'
import { jobsOverview } from './jobs-overview'
import { replayJob } from './replay-job'

const database = useTestDatabase()
let shouldFail = true
const flaky = defineJob({ id: 'test-flaky', trigger: { event: 'notifications/email.requested' }, retries: 1 }, async ({ step }) => {
  await step.run('work', async () => {
    if (shouldFail) throw new Error('remote refused')
    return 'ok'
  })
})

describe('jobs overview and replay', () => {
  it('lists a dead run with its error, replays it once (audited), and refuses to replay a run that is not dead', async () => {
    const engine = new JobEngine(database.db, [flaky])
    const runner = new Runner(engine, { pollMs: 25, heartbeat: false, backoff: { baseMs: 10, maxMs: 20 }, logger: silentLogger })
    runner.start()
    try {
      await engine.send({ name: 'notifications/email.requested', data: { template: 'x', to: 'a@example.test', data: {}, dedupeKey: 'k1' } })
      const dead = await until(
        () => database.db.jobRun.findFirst({ where: { functionId: 'test-flaky' } }),
        (r) => r?.status === 'DEAD',
        20_000,
      )
      const overview = await jobsOverview()
      expect(overview.failures.map((r) => r.id)).toContain(dead!.id)
      expect(overview.failures.find((r) => r.id === dead!.id)?.error).toMatch(/remote refused/)
      expect(overview.last24h.DEAD).toBe(1)

      const admin = await createUser(database.db)
      shouldFail = false
      await replayJob(
        { runId: dead!.id, reason: 'remote fixed' },
        { actor: { userId: admin.id }, request: { requestId: 'req-test' }, now: new Date() },
        engine,
      )
      const done = await until(
        () => database.db.jobRun.findUnique({ where: { id: dead!.id } }),
        (r) => r?.status === 'SUCCEEDED',
        20_000,
      )
      expect(done?.replayCount).toBe(1)
      expect(await database.db.auditLog.findFirst({ where: { action: 'admin.job.replay', targetId: dead!.id } })).toMatchObject({
        reason: 'remote fixed',
        before: { status: 'DEAD' },
        after: { status: 'QUEUED', replayCount: 1 },
      })
      await expect(
        replayJob(
          { runId: dead!.id, reason: 'again please' },
          { actor: { userId: admin.id }, request: { requestId: 'req-test' }, now: new Date() },
          engine,
        ),
      ).rejects.toMatchObject({
        code: 'CONFLICT',
      })
      await expect(
        replayJob(
          { runId: 'nope', reason: 'again please' },
          { actor: { userId: admin.id }, request: { requestId: 'req-test' }, now: new Date() },
          engine,
        ),
      ).rejects.toMatchObject({
        code: 'NOT_FOUND',
      })
    } finally {
      await runner.stop()
    }
  })

  it('marks a heartbeat older than 30 s as stale and lists open reconciler findings', async () => {
    const now = new Date()
    await database.db.workerHeartbeat.createMany({
      data: [
        { workerId: 'w-fresh', hostname: 'h', pid: 1, startedAt: now, beatAt: new Date(now.getTime() - 2_000) },
        { workerId: 'w-old', hostname: 'h', pid: 2, startedAt: now, beatAt: new Date(now.getTime() - 120_000) },
        // shut down gracefully: as old a beat, but stopped, not stale
        { workerId: 'w-done', hostname: 'h', pid: 3, startedAt: now, beatAt: new Date(now.getTime() - 120_000), stoppedAt: now },
      ],
    })
    await database.db.reconcileFinding.createMany({
      data: [
        { kind: 'ORPHAN_NAMESPACE', namespace: 'tenant-ghost', detail: 'no tenant' },
        { kind: 'DRIFT', namespace: 'tenant-x', detail: 'quota', repaired: true, resolvedAt: now },
      ],
    })
    const overview = await jobsOverview(now)
    expect(Object.fromEntries(overview.heartbeats.map((h) => [h.workerId, h.state]))).toEqual({
      'w-fresh': 'alive',
      'w-old': 'stale',
      'w-done': 'stopped',
    })
    expect(overview.openFindings.map((f) => f.namespace)).toEqual(['tenant-ghost'])
    expect(overview.resolvedFindings.map((f) => f.namespace)).toEqual(['tenant-x'])
  })
})
