// The embedded runner against the real database (PGlite by default; PostgreSQL with test:pg).
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import net from 'node:net'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { createPrisma, type Db } from '../db'
import { copyTemplate } from '../db/pglite-template'
import { createTestDatabase, migratedTemplate, serverUrl } from '../testing/test-db'
import { useTestDatabase } from '../testing/use-test-database'
import { JobEngine } from './engine'
import { Runner, type RunnerOptions } from './runner'
import { fixtures, fixturesWithoutCron, sideEffect } from './testing/fixtures'
import { defineTestJob, type JobFunction } from './define'
import { HelmCli } from '../helm/helm'
import { silentLogger } from '../log/logger'
import { until } from '../testing/until'
import { isAlive } from '../os/is-alive'
import { loopbackKubeconfig } from '../k8s/testing/kubeconfig'

const fast: RunnerOptions = { pollMs: 20, leaseMs: 2_000, heartbeat: false, logger: silentLogger, backoff: { baseMs: 150, jitter: 0.2 } }

const database = useTestDatabase()
let runners: Runner[] = []
afterEach(async () => {
  await Promise.all(runners.map((r) => r.stop()))
  runners = []
})

function startRunner(db: Db, options: RunnerOptions = {}, functions = fixturesWithoutCron(db)) {
  const engine = new JobEngine(db, functions)
  const runner = new Runner(engine, { ...fast, ...options }).start()
  runners.push(runner)
  return { engine, runner }
}

const effects = (db: Db, action: string, key?: string) =>
  db.auditLog.findMany({ where: { action, ...(key ? { targetId: key } : {}) }, orderBy: { id: 'asc' } })
const runOf = (db: Db, fn: string, key: string) =>
  db.jobRun.findFirst({ where: { functionId: fn, eventData: { path: ['key'], equals: key } } })

describe('idempotency', () => {
  it('the same event sent 50 times concurrently starts exactly one run', async () => {
    const { engine } = startRunner(database.db)
    await Promise.all(
      Array.from({ length: 50 }, () => engine.send({ name: 'test/five-steps.requested', id: 'evt-dup', data: { key: 'dup' } })),
    )
    await until(
      () => runOf(database.db, 'test-five-steps', 'dup'),
      (r) => r?.status === 'SUCCEEDED',
    )
    expect(await database.db.jobRun.count({ where: { functionId: 'test-five-steps', eventId: 'evt-dup' } })).toBe(1)
    expect(await database.db.jobEvent.count({ where: { id: 'evt-dup' } })).toBe(1)
    for (let n = 1; n <= 5; n++) expect(await effects(database.db, `test.five.step-${n}`, 'dup')).toHaveLength(1)
  })

  // PGlite has one connection per database: the race above is the whole story there.
  it.skipIf(!serverUrl())('with separate database clients racing (as separate processes would), still one run', async () => {
    const clients = await Promise.all(Array.from({ length: 5 }, () => createPrisma({ kind: 'postgres', url: currentUrl(database) })))
    try {
      const engines = clients.map((c) => new JobEngine(c.client, fixturesWithoutCron(c.client)))
      await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          engines[i % 5]!.send({ name: 'test/noop.requested', id: 'evt-race', data: { sentAt: Date.now() } }),
        ),
      )
      expect(await database.db.jobRun.count({ where: { eventId: 'evt-race' } })).toBe(1)
    } finally {
      await Promise.all(clients.map((c) => c.close()))
    }
  })
})

describe('idempotency window', () => {
  it('one run per key within 24 hours; the same key starts a new run after that', async () => {
    const engine = new JobEngine(database.db, fixturesWithoutCron(database.db))
    const send = () => engine.send({ name: 'test/noop.requested', id: 'evt-window', data: { sentAt: 0 } })
    await send()
    await send()
    expect(await database.db.jobRun.count({ where: { eventId: 'evt-window' } })).toBe(1)
    await database.db.jobRun.updateMany({ where: { eventId: 'evt-window' }, data: { createdAt: new Date(Date.now() - 25 * 3_600_000) } })
    await send()
    await send()
    const runs = await database.db.jobRun.findMany({ where: { eventId: 'evt-window' }, orderBy: { createdAt: 'asc' } })
    expect(runs).toHaveLength(2)
    expect(runs[0]!.idempotencyKey).toBe(`evt-window#${runs[0]!.id}`)
    expect(runs[1]!.idempotencyKey).toBe('evt-window')
  })
})

describe('retries and dead letters', () => {
  it('retries a failing step with growing delays, dead-letters it, and replay runs it again', async () => {
    const { engine } = startRunner(database.db)
    await engine.send({ name: 'test/always-fails.requested', data: { key: 'f1' } })
    const dead = await until(
      () => runOf(database.db, 'test-always-fails', 'f1'),
      (r) => r?.status === 'DEAD',
    )
    expect(dead!.attempt).toBe(4) // 1 attempt + 3 retries
    expect(dead!.error).toContain('downstream unavailable')

    const attempts = (await effects(database.db, 'test.fails.attempt', 'f1')).map((e) => (e.after as { at: number }).at)
    expect(attempts).toHaveLength(4)
    const delays = attempts.slice(1).map((t, i) => t - attempts[i]!)
    // nominal 150, 300, 600 ms (+ up to 20 % jitter): each at least its nominal and longer than the one before
    expect(delays[0]).toBeGreaterThanOrEqual(150)
    expect(delays[1]).toBeGreaterThanOrEqual(300)
    expect(delays[2]).toBeGreaterThanOrEqual(600)
    expect(delays[1]!).toBeGreaterThan(delays[0]!)
    expect(delays[2]!).toBeGreaterThan(delays[1]!)
    // the step that succeeded before the failures ran once
    expect(await effects(database.db, 'test.fails.ok-first', 'f1')).toHaveLength(1)
    const failedStep = await database.db.jobStep.findUniqueOrThrow({ where: { runId_stepId: { runId: dead!.id, stepId: 'explode' } } })
    expect(failedStep).toMatchObject({ status: 'FAILED', attempt: 4 })

    // the downstream recovers; an operator replays the dead run
    await database.db.systemSetting.create({ data: { key: 'fixed:f1', value: true } })
    expect(await engine.replay(dead!.id)).toBe(true)
    const replayed = await until(
      () => runOf(database.db, 'test-always-fails', 'f1'),
      (r) => r?.status === 'SUCCEEDED',
    )
    expect(replayed!.replayCount).toBe(1)
    expect(await effects(database.db, 'test.fails.attempt', 'f1')).toHaveLength(5)
    expect(await effects(database.db, 'test.fails.ok-first', 'f1')).toHaveLength(1) // memoized across the replay
    expect(await engine.replay(replayed!.id)).toBe(false) // only dead or failed runs replay
  })

  it('a NonRetriableError dead-letters at once', async () => {
    const { engine } = startRunner(database.db)
    await engine.send({ name: 'test/non-retriable.requested', data: { key: 'nr' } })
    const run = await until(
      () => runOf(database.db, 'test-non-retriable', 'nr'),
      (r) => r?.status === 'DEAD',
    )
    expect(run!.attempt).toBe(1)
    expect(await effects(database.db, 'test.nonretriable.attempt', 'nr')).toHaveLength(1)
  })
})

describe('concurrency', () => {
  it('runs for the same key never overlap, across functions sharing an account-scoped key; runs for different keys do', async () => {
    startRunner(database.db, { maxConcurrent: 6 })
    const { engine } = startRunner(database.db, { maxConcurrent: 6 }) // two runners competing for the same runs
    await engine.send([
      ...['a1', 'a2', 'a3'].map((key) => ({ name: 'test/serialized.requested', data: { key, tenant: 'A' } })),
      ...['b1', 'b2'].map((key) => ({ name: 'test/serialized.requested', data: { key, tenant: 'B' } })),
      // Another function sharing the account-scoped key: it queues behind tenant A's runs too.
      { name: 'test/serialized-peer.requested', data: { key: 'a-peer', tenant: 'A' } },
    ])
    await until(
      () => database.db.jobRun.count({ where: { functionId: { in: ['test-serialized', 'test-serialized-peer'] }, status: 'SUCCEEDED' } }),
      (n) => n === 6,
    )
    const starts = await effects(database.db, 'test.serial.start')
    const ends = await effects(database.db, 'test.serial.end')
    const spans = starts.map((s) => ({
      key: s.targetId!,
      tenant: (s.after as { tenant: string }).tenant,
      start: (s.after as { at: number }).at,
      end: (ends.find((e) => e.targetId === s.targetId)!.after as { at: number }).at,
    }))
    const overlaps = (x: (typeof spans)[0], y: (typeof spans)[0]) => x.start < y.end && y.start < x.end
    const pairs = spans.flatMap((x, i) => spans.slice(i + 1).map((y) => [x, y] as const))
    expect(pairs.filter(([x, y]) => x.tenant === y.tenant && overlaps(x, y))).toEqual([])
    expect(pairs.some(([x, y]) => x.tenant !== y.tenant && overlaps(x, y))).toBe(true)
  })
})

describe('sleep and cancellation', () => {
  it('a durable sleep survives a runner restart and resumes after the wake time', async () => {
    const first = startRunner(database.db)
    await first.engine.send({ name: 'test/sleeper.requested', data: { key: 's1', tenantId: 't-s1', sleep: '1500ms' } })
    await until(
      () => runOf(database.db, 'test-sleeper', 's1'),
      (r) => r?.status === 'SLEEPING',
    )
    await first.runner.stop()
    runners = runners.filter((r) => r !== first.runner)
    const sleptAt = Date.now()
    startRunner(database.db)
    await until(
      () => runOf(database.db, 'test-sleeper', 's1'),
      (r) => r?.status === 'SUCCEEDED',
    )
    expect(Date.now() - sleptAt).toBeGreaterThanOrEqual(1_000)
    expect(await effects(database.db, 'test.sleeper.before', 's1')).toHaveLength(1)
    expect(await effects(database.db, 'test.sleeper.after', 's1')).toHaveLength(1)
  })

  it('a cancel event stops a sleeping run, and only the matching one', async () => {
    const { engine } = startRunner(database.db)
    await engine.send([
      { name: 'test/sleeper.requested', data: { key: 'c1', tenantId: 't-cancel', sleep: '2s' } },
      { name: 'test/sleeper.requested', data: { key: 'c2', tenantId: 't-keep', sleep: '2s' } },
    ])
    await until(
      () =>
        database.db.jobRun.count({
          where: { functionId: 'test-sleeper', status: 'SLEEPING', eventData: { path: ['tenantId'], string_starts_with: 't-' } },
        }),
      (n) => n === 2,
    )
    await engine.send({ name: 'test/sleeper.canceled', data: { tenantId: 't-cancel' } })
    expect((await runOf(database.db, 'test-sleeper', 'c1'))!.status).toBe('CANCELED')
    await until(
      () => runOf(database.db, 'test-sleeper', 'c2'),
      (r) => r?.status === 'SUCCEEDED',
    )
    await new Promise((r) => setTimeout(r, 300))
    expect((await runOf(database.db, 'test-sleeper', 'c1'))!.status).toBe('CANCELED')
    expect(await effects(database.db, 'test.sleeper.after', 'c1')).toHaveLength(0)
    expect(await effects(database.db, 'test.sleeper.after', 'c2')).toHaveLength(1)
  })
})

describe('graceful shutdown', () => {
  it('releases a run still executing after the shutdown timeout, and another runner finishes it once', async () => {
    const blockFile = path.join(os.tmpdir(), `tenancy-block-${Date.now()}`)
    const blocked = startRunner(database.db, { shutdownTimeoutMs: 300 }, fixturesWithoutCron(database.db, { blockAtStep4File: blockFile }))
    await blocked.engine.send({ name: 'test/five-steps.requested', data: { key: 'g1' } })
    await until(
      () => effects(database.db, 'test.five.step-3', 'g1'),
      (rows) => rows.length === 1,
    )
    await blocked.runner.stop()
    runners = runners.filter((r) => r !== blocked.runner)
    expect((await runOf(database.db, 'test-five-steps', 'g1'))!).toMatchObject({ status: 'QUEUED', lockedBy: null })
    fs.writeFileSync(blockFile, '')
    startRunner(database.db)
    await until(
      () => runOf(database.db, 'test-five-steps', 'g1'),
      (r) => r?.status === 'SUCCEEDED',
    )
    for (let n = 1; n <= 3; n++) expect(await effects(database.db, `test.five.step-${n}`, 'g1')).toHaveLength(1)
  })
})

describe('graceful shutdown at a step boundary', () => {
  it('lets the step in progress finish, then releases the run at once; another runner runs only what is left', async () => {
    const blockFile = path.join(os.tmpdir(), `tenancy-boundary-${Date.now()}`)
    // A lease far longer than the test: a run that comes back before it lapsed was released, not taken over.
    const options = { leaseMs: 60_000, shutdownTimeoutMs: 30_000 }
    const first = startRunner(database.db, options, fixturesWithoutCron(database.db, { blockAtStep4File: blockFile }))
    await first.engine.send({ name: 'test/five-steps.requested', data: { key: 'b1' } })
    await until(
      () => effects(database.db, 'test.five.step-3', 'b1'),
      (rows) => rows.length === 1,
    )
    const stopping = first.runner.stop()
    await new Promise((r) => setTimeout(r, 200))
    fs.writeFileSync(blockFile, '') // step 4, in progress when the shutdown began, finishes now
    await stopping
    runners = runners.filter((r) => r !== first.runner)

    const released = (await runOf(database.db, 'test-five-steps', 'b1'))!
    expect(released).toMatchObject({ status: 'QUEUED', lockedBy: null, lockedUntil: null, attempt: 0 })
    expect(released.runAfter.getTime()).toBeLessThanOrEqual(Date.now())
    const memoized = await database.db.jobStep.findMany({ where: { runId: released.id }, orderBy: { stepId: 'asc' } })
    expect(memoized.map((s) => [s.stepId, s.status])).toEqual([1, 2, 3, 4].map((n) => [`step-${n}`, 'SUCCEEDED']))
    expect(await effects(database.db, 'test.five.step-5', 'b1')).toHaveLength(0)

    startRunner(database.db)
    await until(
      () => runOf(database.db, 'test-five-steps', 'b1'),
      (r) => r?.status === 'SUCCEEDED',
    )
    for (let n = 1; n <= 5; n++) expect(await effects(database.db, `test.five.step-${n}`, 'b1')).toHaveLength(1)
  })

  describe('a helm step still running when the drain is aborted', () => {
    const CHART = path.resolve(import.meta.dirname, '../../charts/tenant-instance')
    const originalTmpdir = process.env.TMPDIR
    let workDir: string
    let helmTmp: string
    let silent: net.Server
    const sockets = new Set<net.Socket>()
    let silentKubeconfig: string
    let stubHelm: string

    beforeAll(async () => {
      workDir = fs.mkdtempSync(path.join(os.tmpdir(), 'runner-helm-'))
      helmTmp = path.join(workDir, 'tmp')
      fs.mkdirSync(helmTmp)
      // An API server that takes connections and never answers: the real helm waits on it.
      silent = net.createServer((socket) => {
        sockets.add(socket)
        socket.on('close', () => sockets.delete(socket))
      })
      await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve))
      const { port } = silent.address() as net.AddressInfo
      silentKubeconfig = path.join(workDir, 'kubeconfig')
      fs.writeFileSync(silentKubeconfig, loopbackKubeconfig(port), { mode: 0o600 })
      // The cluster that answers on the next attempt: a stand-in helm reporting the release deployed.
      stubHelm = path.join(workDir, 'helm-stub.sh')
      fs.writeFileSync(
        stubHelm,
        '#!/bin/sh\necho \'{"name":"instance","namespace":"tenant-x","version":1,"info":{"status":"deployed"}}\'\n',
        {
          mode: 0o755,
        },
      )
      process.env.TMPDIR = helmTmp // helm.ts makes its values directories under os.tmpdir()
    })
    afterAll(async () => {
      if (originalTmpdir === undefined) delete process.env.TMPDIR
      else process.env.TMPDIR = originalTmpdir
      for (const socket of sockets) socket.destroy()
      await new Promise<void>((resolve) => silent.close(() => resolve()))
      fs.rmSync(workDir, { recursive: true, force: true })
    })

    function deployJob(helm: HelmCli): JobFunction {
      return defineTestJob<{ key: string }>(
        { id: 'test-deploy', trigger: { event: 'test/deploy.requested' }, retries: 2 },
        async ({ event, step }) => {
          await step.run('prepare', () => sideEffect(database.db, 'test.deploy.prepare', event.data.key))
          const status = await step.run('install', async () => {
            await sideEffect(database.db, 'test.deploy.install', event.data.key)
            const release = { name: 'instance', namespace: 'tenant-x', chart: CHART, values: { license: { token: 'not-a-secret' } } }
            return (await helm.upgradeInstall(release)).status
          })
          await step.run('verify', () => sideEffect(database.db, 'test.deploy.verify', event.data.key, { status }))
        },
      )
    }

    it('is stopped (helm killed, values file removed), the run released at once; the next runner re-runs only it', async () => {
      const shutdown = new AbortController()
      const helm = new HelmCli({ kubeconfig: silentKubeconfig, signal: shutdown.signal, commandTimeoutMs: 60_000 })
      const first = startRunner(database.db, { leaseMs: 60_000, shutdownTimeoutMs: 30_000 }, [deployJob(helm)])
      await first.engine.send({ name: 'test/deploy.requested', data: { key: 'd1' } })
      // helm is running: its values file exists
      await until(
        async () => fs.readdirSync(helmTmp),
        (entries) => entries.length === 1,
      )
      const stopping = first.runner.stop({ signal: shutdown.signal })
      await new Promise((r) => setTimeout(r, 100))
      const abortedAt = Date.now()
      shutdown.abort()
      await stopping
      runners = runners.filter((r) => r !== first.runner)
      expect(Date.now() - abortedAt).toBeLessThan(5_000)

      const run = (await runOf(database.db, 'test-deploy', 'd1'))!
      // released, not failed: no attempt counted, nothing waiting for a backoff or a lease
      expect(run).toMatchObject({ status: 'QUEUED', lockedBy: null, attempt: 0, error: null })
      expect(run.runAfter.getTime()).toBeLessThanOrEqual(Date.now())
      const steps = await database.db.jobStep.findMany({ where: { runId: run.id } })
      expect(steps.map((s) => [s.stepId, s.status])).toEqual([['prepare', 'SUCCEEDED']])
      expect(fs.readdirSync(helmTmp)).toEqual([])

      startRunner(database.db, {}, [deployJob(new HelmCli({ binary: stubHelm }))])
      await until(
        () => runOf(database.db, 'test-deploy', 'd1'),
        (r) => r?.status === 'SUCCEEDED',
      )
      expect(await effects(database.db, 'test.deploy.prepare', 'd1')).toHaveLength(1)
      expect(await effects(database.db, 'test.deploy.install', 'd1')).toHaveLength(2) // the stopped try, then the one that finished
      expect((await effects(database.db, 'test.deploy.verify', 'd1')).map((e) => (e.after as { status: string }).status)).toEqual([
        'deployed',
      ])
      expect(fs.readdirSync(helmTmp)).toEqual([])
    })
  })
})

describe('cron', () => {
  // On PostgreSQL this is covered with two real processes below.
  it.skipIf(Boolean(serverUrl()))('fires once per period with two runners in one process (PGlite)', async () => {
    const functions = fixtures(database.db).filter((f) => f.id === 'test-ticker')
    startRunner(database.db, {}, functions)
    startRunner(database.db, {}, functions)
    await new Promise((r) => setTimeout(r, 3_300))
    await Promise.all(runners.map((r) => r.stop()))
    runners = []
    await assertOneRunPerTick(database.db)
  })
})

describe('separate runner processes', () => {
  // Node itself runs the child (tsx only as its loader): the tsx CLI would put a wrapper process in
  // between, and SIGKILL would kill the wrapper while the runner lived on.
  function child(target: string, scenario: string, env: Record<string, string> = {}) {
    const proc = spawn(process.execPath, ['--import', 'tsx', 'lib/jobs/testing/runner-child.ts', target, scenario, 'crash'], {
      env: { ...process.env, ...env, LOG_LEVEL: 'error' } as NodeJS.ProcessEnv,
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    const lines: string[] = []
    let buffer = ''
    proc.stdout.on('data', (d) => {
      buffer += d
      const parts = buffer.split('\n')
      buffer = parts.pop()!
      lines.push(...parts)
    })
    proc.stderr.on('data', (d) => lines.push(`stderr ${d}`))
    const waitFor = (line: string, timeoutMs = 60_000) =>
      until(async () => lines.includes(line), Boolean, timeoutMs).catch(() => {
        throw new Error(`child never printed "${line}":\n${lines.join('\n')}`)
      })
    const exited = new Promise<number | null>((r) => proc.on('exit', (code) => r(code)))
    return { proc, lines, waitFor, exited }
  }

  it('a 5-step run whose worker is killed (SIGKILL) after step 3 completes on restart, each side effect once', async () => {
    // Its own database: a process other than this one must be able to open it (PGlite: one at a time).
    const own = await ownDatabase()
    try {
      const blockFile = path.join(os.tmpdir(), `tenancy-crash-${Date.now()}`)
      const first = child(own.target, 'five-steps-send', { BLOCK_FILE: blockFile })
      await first.waitFor('step-3-done')
      first.proc.kill('SIGKILL') // step 4 is in progress, its side effect not yet written
      await first.exited
      expect(isAlive(first.proc.pid!)).toBe(false)
      fs.writeFileSync(blockFile, '')

      const second = child(own.target, 'run-until-done')
      await second.waitFor('exit')
      expect(await second.exited).toBe(0)
      // steps 1-3 come from the memo; only 4 and 5 execute in the second process
      expect(second.lines.filter((l) => l.startsWith('step-'))).toEqual(['step-4-done', 'step-5-done'])
      const { client, close } = await own.open()
      try {
        for (let n = 1; n <= 5; n++) expect(await effects(client, `test.five.step-${n}`, 'crash')).toHaveLength(1)
        const run = await client.jobRun.findFirstOrThrow({ where: { functionId: 'test-five-steps' } })
        expect(run.status).toBe('SUCCEEDED')
        expect(await client.jobStep.count({ where: { runId: run.id, status: 'SUCCEEDED' } })).toBe(5)
      } finally {
        await close()
      }
    } finally {
      await own.drop()
    }
  })

  // Two processes cannot open one PGlite; the in-process case covers it there.
  it.skipIf(!serverUrl())('a cron fires once per period with two runner processes (PostgreSQL)', async () => {
    const a = child(currentUrl(database), 'cron', { CHILD_SECONDS: '3.5' })
    const b = child(currentUrl(database), 'cron', { CHILD_SECONDS: '3.5' })
    expect(await a.exited).toBe(0)
    expect(await b.exited).toBe(0)
    await assertOneRunPerTick(database.db)
  })
})

async function assertOneRunPerTick(db: Db) {
  const runs = await db.jobRun.findMany({ where: { functionId: 'test-ticker' } })
  const ticks = runs.map((r) => (r.eventData as { tick: string }).tick)
  expect(ticks.length).toBeGreaterThanOrEqual(3)
  expect(new Set(ticks).size).toBe(ticks.length) // one run per period
  await until(
    () => db.jobRun.count({ where: { functionId: 'test-ticker', status: { not: 'SUCCEEDED' } } }),
    (n) => n === 0,
  ).catch(() => {})
  const effectsPerTick = await db.auditLog.groupBy({ by: ['targetId'], where: { action: 'test.ticker.tick' }, _count: true })
  expect(effectsPerTick.every((g) => g._count === 1)).toBe(true)
  // consecutive ticks are one second apart: no period skipped in between
  const sorted = ticks.map((t) => Date.parse(t)).sort((x, y) => x - y)
  expect(sorted.slice(1).every((t, i) => t - sorted[i]! === 1_000)).toBe(true)
}

function currentUrl(db: { url?: string }): string {
  if (!db.url) throw new Error('only PostgreSQL test databases have a URL')
  return db.url
}

/** A database another process can open: PostgreSQL as usual, or a PGlite directory of its own. */
async function ownDatabase(): Promise<{
  target: string
  open: () => Promise<{ client: Db; close: () => Promise<void> }>
  drop: () => Promise<void>
}> {
  if (serverUrl()) {
    const fresh = await createTestDatabase()
    return { target: currentUrl(fresh), open: async () => ({ client: fresh.db, close: async () => {} }), drop: () => fresh.close() }
  }
  const dir = copyTemplate(await migratedTemplate())
  return {
    target: `pglite:${dir}`,
    open: () => createPrisma({ kind: 'pglite', dir }),
    drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
  }
}
