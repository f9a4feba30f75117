/**
 * Job functions used by the runner's integration tests, the child-process harness and the
 * benchmark. Side effects are rows in AuditLog (action "test.<fn>.<step>", targetId = run key),
 * so tests count them in the database.
 */
import fs from 'node:fs'
import type { Db } from '../../db'
import { defineTestJob, type JobFunction } from '../define'
import { NonRetriableError, type Step } from '../step'

export async function sideEffect(db: Db, action: string, key: string, extra: Record<string, unknown> = {}): Promise<void> {
  await db.auditLog.create({ data: { actorType: 'SYSTEM', action, targetId: key, after: { at: Date.now(), ...extra } } })
}

export function fixtures(db: Db, options: { blockAtStep4File?: string; onProgress?: (line: string) => void } = {}): JobFunction[] {
  const progress = options.onProgress ?? (() => {})

  const fiveSteps = defineTestJob<{ key: string }>(
    { id: 'test-five-steps', trigger: { event: 'test/five-steps.requested' }, retries: 2 },
    async ({ event, step }) => {
      for (let n = 1; n <= 5; n++) {
        let executed = false
        await step.run(`step-${n}`, async () => {
          executed = true
          if (n === 4 && options.blockAtStep4File) {
            // Hold here until the file exists (the test kills this process meanwhile).
            while (!fs.existsSync(options.blockAtStep4File)) await new Promise((r) => setTimeout(r, 50))
          }
          await sideEffect(db, `test.five.step-${n}`, event.data.key)
          return n
        })
        // Printed once the step's result is recorded, and only when it executed (not replayed from memo).
        if (executed) progress(`step-${n}-done`)
      }
      progress('run-done')
      return 'done'
    },
  )

  const alwaysFails = defineTestJob<{ key: string }>(
    { id: 'test-always-fails', trigger: { event: 'test/always-fails.requested' }, retries: 3 },
    async ({ event, step }) => {
      await step.run('ok-first', () => sideEffect(db, 'test.fails.ok-first', event.data.key))
      await step.run('explode', async () => {
        await sideEffect(db, 'test.fails.attempt', event.data.key)
        const fixed = await db.systemSetting.findUnique({ where: { key: `fixed:${event.data.key}` } })
        if (!fixed) throw new Error('downstream unavailable')
        return 'recovered'
      })
    },
  )

  const nonRetriable = defineTestJob<{ key: string }>(
    { id: 'test-non-retriable', trigger: { event: 'test/non-retriable.requested' } },
    async ({ event, step }) => {
      await step.run('refuse', async () => {
        await sideEffect(db, 'test.nonretriable.attempt', event.data.key)
        throw new NonRetriableError('plan no longer exists')
      })
    },
  )

  // Two functions sharing one account-scoped key: one run per tenant at a time, whichever function.
  const serializedBody = async ({ event, step }: { event: { data: { key: string; tenant: string } }; step: Step }) => {
    await step.run('start', () => sideEffect(db, 'test.serial.start', event.data.key, { tenant: event.data.tenant }))
    await step.run('work', () => new Promise((r) => setTimeout(r, 300)))
    await step.run('end', () => sideEffect(db, 'test.serial.end', event.data.key, { tenant: event.data.tenant }))
  }
  const serialized = defineTestJob<{ key: string; tenant: string }>(
    {
      id: 'test-serialized',
      trigger: { event: 'test/serialized.requested' },
      concurrency: { key: 'event.data.tenant', limit: 1, scope: 'account' },
    },
    serializedBody,
  )
  const serializedPeer = defineTestJob<{ key: string; tenant: string }>(
    {
      id: 'test-serialized-peer',
      trigger: { event: 'test/serialized-peer.requested' },
      concurrency: { key: 'event.data.tenant', limit: 1, scope: 'account' },
    },
    serializedBody,
  )

  const sleeper = defineTestJob<{ key: string; tenantId: string }>(
    {
      id: 'test-sleeper',
      trigger: { event: 'test/sleeper.requested' },
      cancelOn: [{ event: 'test/sleeper.canceled', match: 'data.tenantId' }],
    },
    async ({ event, step }) => {
      await step.run('before', () => sideEffect(db, 'test.sleeper.before', event.data.key))
      await step.sleep('nap', (event.data as { sleep?: string }).sleep ?? '2s')
      await step.run('after', () => sideEffect(db, 'test.sleeper.after', event.data.key))
    },
  )

  const ticker = defineTestJob({ id: 'test-ticker', trigger: { cron: '* * * * * *' } }, async ({ event, step }) => {
    await step.run('tick', () => sideEffect(db, 'test.ticker.tick', (event.data as { tick: string }).tick))
  })

  const noop = defineTestJob<{ sentAt: number }>(
    { id: 'test-noop', trigger: { event: 'test/noop.requested' } },
    async ({ event, step }) => {
      await step.run('first', () => ({ latencyMs: Date.now() - event.data.sentAt }))
    },
  )

  return [fiveSteps, alwaysFails, nonRetriable, serialized, serializedPeer, sleeper, ticker, noop]
}

export function fixturesWithoutCron(db: Db, options?: Parameters<typeof fixtures>[1]): JobFunction[] {
  return fixtures(db, options).filter((f) => !('cron' in f.trigger))
}
