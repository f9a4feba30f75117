// notifications/email.requested end to end on the embedded runner: jobs.send → run → outbox →
// a real SMTP server. Also: a refused delivery is retried until it gets through, once.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { resetEnvCache } from '@/lib/env'
import { configureJobs, jobs } from '@/lib/jobs/jobs'
import { JobEngine } from '@/lib/jobs/engine'
import { Runner } from '@/lib/jobs/runner'
import { useTestDatabase } from '@/lib/testing/use-test-database'
import { startSmtpServer, type TestSmtpServer } from '@/lib/testing/smtp-server'
import { silentLogger } from '@/lib/log/logger'
import { until } from '@/lib/testing/until'
import { sendEmail } from './send-email'

const database = useTestDatabase({ jobs: false })
let runner: Runner
let smtp: TestSmtpServer | undefined

function useSmtp(url: string | undefined) {
  // The job reads SMTP_URL through lib/env.ts like production code does.
  if (url) process.env.SMTP_URL = url
  else delete process.env.SMTP_URL
  resetEnvCache()
}

beforeAll(async () => {
  const engine = new JobEngine(database.db, [sendEmail])
  configureJobs(engine)
  runner = new Runner(engine, { pollMs: 20, heartbeat: false, logger: silentLogger, backoff: { baseMs: 100 } }).start()
})
afterEach(async () => {
  await smtp?.close()
  smtp = undefined
  useSmtp(undefined)
})
afterAll(async () => {
  await runner.stop()
  configureJobs(undefined)
})

const request = (dedupeKey: string, to = 'ann@example.test') =>
  ({
    name: 'notifications/email.requested',
    data: { template: 'welcome', to, data: { name: 'Ann', orgName: 'Acme', url: 'http://localhost:3000/acme' }, dedupeKey },
  }) as const

describe('notifications-send-email on the embedded runner', () => {
  it('delivers through SMTP once, however often the request is sent', async () => {
    smtp = await startSmtpServer()
    useSmtp(smtp.url)
    await jobs.send(request('welcome:ann'))
    await jobs.send(request('welcome:ann'))
    const row = await until(
      () => database.db.notificationOutbox.findUnique({ where: { dedupeKey: 'welcome:ann' } }),
      (r) => r?.status === 'SENT',
    )
    expect(row!.subject).toMatch(/welcome/i)
    expect(smtp.messages).toHaveLength(1)
    expect(smtp.messages[0]!.to).toEqual(['ann@example.test'])
    expect(await database.db.jobRun.count({ where: { functionId: 'notifications-send-email', idempotencyKey: 'welcome:ann' } })).toBe(1)
  })

  it('retries a refused delivery until it gets through, and the message arrives once', async () => {
    smtp = await startSmtpServer({
      rejectRcpt: (n) => (n <= 2 ? Object.assign(new Error('try again later'), { responseCode: 451 }) : null),
    })
    useSmtp(smtp.url)
    await jobs.send(request('welcome:bob', 'bob@example.test'))
    const row = await until(
      () => database.db.notificationOutbox.findUnique({ where: { dedupeKey: 'welcome:bob' } }),
      (r) => r?.status === 'SENT',
    )
    expect(row!.attempts).toBe(3)
    expect(smtp.messages).toHaveLength(1)
    // the outbox row is SENT inside the last step; the run records its outcome just after
    const run = await until(
      () => database.db.jobRun.findFirst({ where: { idempotencyKey: 'welcome:bob' } }),
      (r) => r?.status === 'SUCCEEDED',
    )
    expect(run!.attempt).toBe(2)
  })

  it('keeps mail for the dev mailbox when no SMTP server is configured', async () => {
    await jobs.send(request('welcome:cy', 'cy@example.test'))
    await until(
      () => database.db.notificationOutbox.findUnique({ where: { dedupeKey: 'welcome:cy' } }),
      (r) => r?.status === 'KEPT',
    )
  })

  it('dead-letters bad template data at once instead of retrying', async () => {
    await jobs.send({
      name: 'notifications/email.requested',
      data: { template: 'welcome', to: 'dee@example.test', data: { url: 'not a url' }, dedupeKey: 'bad:dee' },
    })
    const run = await until(
      () => database.db.jobRun.findFirst({ where: { idempotencyKey: 'bad:dee' } }),
      (r) => r?.status === 'DEAD',
    )
    expect(run!.attempt).toBe(1)
    expect(run!.error).toMatch(/welcome/)
  })

  it('refuses events that are not in the catalog or do not match their schema', async () => {
    await expect(
      jobs.send({ name: 'notifications/email.requested', data: { template: 'welcome', to: 'nope', data: {}, dedupeKey: 'x' } }),
    ).rejects.toThrow(/Invalid data for event/)
    await expect(jobs.send({ name: 'nobody/listens.here', data: {} } as never)).rejects.toThrow(/Unknown event/)
  })
})
