/**
 * The embedded runner: executes JobRun rows with Inngest's semantics.
 *  - claims runs with FOR UPDATE SKIP LOCKED under a lease, so several runners share PostgreSQL;
 *    a run whose runner died is taken over when its lease expires;
 *  - replays the handler, returning memoized step results (JobStep) so work resumes after the
 *    last finished step;
 *  - retries failed runs with exponential backoff and jitter, then dead-letters them;
 *  - limits concurrency per key; parks sleeping runs; stops canceled ones before their next step;
 *  - fires cron functions once per period across runners (the tick is the idempotency key);
 *  - beats the worker heartbeat; on stop() (the process's shutdown) releases each run in flight at
 *    its next step boundary, back to the queue at once with its finished steps memoized, and marks
 *    the heartbeat stopped.
 */
import crypto from 'node:crypto'
import os from 'node:os'
import { CronExpressionParser } from 'cron-parser'
import type { Db } from '../db'
import { Prisma } from '../db'
import { log as rootLog, type Logger } from '../log/logger'
import { toMilliseconds, type Duration } from './duration'
import type { JobEngine, RawEvent } from './engine'
import type { EventInput } from './events'
import { beat, HEARTBEAT_INTERVAL_MS, markStopped } from './heartbeat'
import { retryDelay } from './backoff'
import { NonRetriableError, type Step } from './step'

export interface RunnerOptions {
  workerId?: string
  /** How often to look for due work when nothing wakes the runner (ms). */
  pollMs?: number
  /** How long a claim holds before another runner may take the run over (ms). */
  leaseMs?: number
  /** Runs executed at once by this runner. */
  maxConcurrent?: number
  backoff?: { baseMs?: number; maxMs?: number; jitter?: number }
  /** How long stop() waits for the steps in progress to reach a boundary before releasing their runs where they are (ms). */
  shutdownTimeoutMs?: number
  /** Beat the worker heartbeat that /api/readyz checks. */
  heartbeat?: boolean
  logger?: Logger
}

interface ClaimedRun {
  id: string
  functionId: string
  eventId: string | null
  eventName: string
  eventData: unknown
  attempt: number
  maxAttempts: number
  createdAt: Date
  cancelRequestedAt: Date | null
}

class SleepInterrupt {
  constructor(readonly wakeAt: Date) {}
}
class CancelInterrupt {}
class LeaseLost {}
/** The runner is stopping: the run goes back to the queue before its next step. */
class ReleaseInterrupt {}

/** After an abort, how long steps get to unwind (their finally blocks) before their runs are released anyway. */
const ABORT_GRACE_MS = 1_000

const MAX_ERROR = 2_000

function describe(error: unknown): string {
  const text = error instanceof Error ? `${error.name}: ${error.message}` : String(error)
  return text.length > MAX_ERROR ? text.slice(0, MAX_ERROR) + '…' : text
}

/** Step results are stored as { v: result } so that undefined and null survive the round trip. */
const wrap = (value: unknown) => ({ v: value === undefined ? null : value }) as Prisma.InputJsonValue
const unwrap = (stored: unknown) => (stored && typeof stored === 'object' && 'v' in stored ? (stored as { v: unknown }).v : undefined)

export class Runner {
  readonly workerId: string
  private readonly db: Db
  private readonly log: Logger
  private readonly options: Required<Omit<RunnerOptions, 'workerId' | 'logger' | 'backoff'>> & { backoff: RunnerOptions['backoff'] }
  private readonly inFlight = new Map<string, Promise<void>>()
  private running = false
  /** Set by stop(): runs in flight are released at their next step boundary. */
  private draining = false
  private stopping: Promise<void> | undefined
  private loopDone: Promise<void> = Promise.resolve()
  private wakeUp: (() => void) | null = null
  private timers: NodeJS.Timeout[] = []
  private lastCronCheck = new Date()
  private readonly startedAt = new Date()
  private readonly onWake = () => this.wakeUp?.()

  constructor(
    private readonly engine: JobEngine,
    options: RunnerOptions = {},
  ) {
    this.db = engine.db
    this.workerId = options.workerId ?? `${os.hostname()}:${process.pid}:${crypto.randomBytes(3).toString('hex')}`
    this.log = (options.logger ?? rootLog).child({ component: 'runner', workerId: this.workerId })
    this.options = {
      pollMs: options.pollMs ?? 500,
      leaseMs: options.leaseMs ?? 30_000,
      maxConcurrent: options.maxConcurrent ?? 4,
      shutdownTimeoutMs: options.shutdownTimeoutMs ?? 10_000,
      heartbeat: options.heartbeat ?? true,
      backoff: options.backoff,
    }
  }

  start(): this {
    if (this.running) return this
    this.running = true
    this.draining = false
    this.stopping = undefined
    this.lastCronCheck = new Date()
    this.engine.wake.on('work', this.onWake)
    const keepAlive = async () => {
      try {
        if (this.options.heartbeat) await beat(this.workerId, this.startedAt)
        await this.extendLeases()
      } catch (error) {
        this.log.warn('heartbeat failed', { error })
      }
    }
    void keepAlive()
    const interval = Math.min(HEARTBEAT_INTERVAL_MS, Math.max(50, Math.floor(this.options.leaseMs / 3)))
    const timer = setInterval(() => void keepAlive(), interval)
    timer.unref()
    this.timers.push(timer)
    this.loopDone = this.loop()
    this.log.info('runner started', { functions: [...this.engine.functions.keys()] })
    return this
  }

  /**
   * Stops claiming. Each run in flight is released at its next step boundary: the step in progress
   * finishes and is memoized, then the run goes back to QUEUED, claimable by any runner at once (a
   * step that fails meanwhile releases it too, without counting an attempt). Runs still executing
   * after shutdownTimeoutMs, or once `signal` aborts (steps that honour it stop), are released
   * where they are: their step in progress runs again. Then the heartbeat is marked stopped.
   */
  stop(options: { signal?: AbortSignal } = {}): Promise<void> {
    this.stopping ??= this.shutDown(options.signal)
    return this.stopping
  }

  private async shutDown(signal: AbortSignal | undefined): Promise<void> {
    if (!this.running) return
    this.running = false
    this.draining = true
    this.engine.wake.off('work', this.onWake)
    this.wakeUp?.()
    await this.loopDone
    if (this.inFlight.size) {
      this.log.info('stopping: releasing runs at their next step boundary', { inFlight: this.inFlight.size })
      const settled = Promise.allSettled([...this.inFlight.values()]).then(() => true)
      const finished = await Promise.race([settled, this.giveUp(signal)])
      if (!finished) {
        if (signal?.aborted) await Promise.race([settled, new Promise((r) => setTimeout(r, ABORT_GRACE_MS).unref())])
        const released = await this.db.jobRun.updateMany({
          where: { lockedBy: this.workerId, status: 'RUNNING' },
          data: { status: 'QUEUED', lockedBy: null, lockedUntil: null, runAfter: new Date() },
        })
        if (released.count) this.log.warn('released runs still executing at shutdown', { count: released.count })
      }
    }
    // Leases were kept alive until now: no other runner took a run this one was still finishing.
    for (const t of this.timers) clearInterval(t)
    this.timers = []
    if (this.options.heartbeat) await markStopped(this.workerId).catch((error) => this.log.warn('heartbeat not marked stopped', { error }))
    this.log.info('runner stopped')
  }

  /** Resolves false after shutdownTimeoutMs or when `signal` aborts, whichever comes first. */
  private giveUp(signal: AbortSignal | undefined): Promise<boolean> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => resolve(false), this.options.shutdownTimeoutMs)
      timer.unref()
      if (!signal) return
      const onAbort = () => {
        clearTimeout(timer)
        resolve(false)
      }
      if (signal.aborted) onAbort()
      else signal.addEventListener('abort', onAbort, { once: true })
    })
  }

  private async loop(): Promise<void> {
    while (this.running) {
      try {
        await this.scheduleCron()
        const free = this.options.maxConcurrent - this.inFlight.size
        if (free > 0) {
          const claimed = await this.claim(free)
          for (const run of claimed) this.track(run)
          if (claimed.length === free) continue // there may be more due right now
        }
      } catch (error) {
        if (this.running) this.log.error('runner loop error', { error })
      }
      await this.idle()
    }
  }

  private idle(): Promise<void> {
    if (!this.running) return Promise.resolve() // stop() came while the loop was busy
    return new Promise((resolve) => {
      const timer = setTimeout(done, this.options.pollMs)
      function done() {
        clearTimeout(timer)
        resolve()
      }
      this.wakeUp = () => {
        this.wakeUp = null
        done()
      }
    })
  }

  private track(run: ClaimedRun) {
    const execution = this.execute(run)
      .catch((error) => this.log.error('run execution crashed', { runId: run.id, error }))
      .finally(() => {
        this.inFlight.delete(run.id)
        this.wakeUp?.() // a slot is free
      })
    this.inFlight.set(run.id, execution)
  }

  /** Claims up to `limit` due runs of the functions this runner knows. */
  private async claim(limit: number): Promise<ClaimedRun[]> {
    const functionIds = [...this.engine.functions.keys()]
    if (!functionIds.length) return []
    const now = new Date()
    const leaseUntil = new Date(now.getTime() + this.options.leaseMs)
    return this.db.$transaction(async (tx) => {
      const candidates = await tx.$queryRawUnsafe<{ id: string; functionId: string; concurrencyKey: string | null }[]>(
        `SELECT "id", "functionId", "concurrencyKey" FROM "JobRun"
         WHERE "functionId" = ANY($1::text[])
           AND ((("status" = 'QUEUED' OR "status" = 'SLEEPING') AND "runAfter" <= $2::timestamp)
                OR ("status" = 'RUNNING' AND "lockedUntil" < $2::timestamp))
           AND NOT ("id" = ANY($4::text[]))
         ORDER BY "runAfter", "createdAt"
         LIMIT $3
         FOR UPDATE SKIP LOCKED`,
        functionIds,
        now.toISOString(),
        limit * 4,
        // Never take over a run this runner is still executing (its lease may lapse under load).
        [...this.inFlight.keys()],
      )
      const claimed: ClaimedRun[] = []
      for (const candidate of candidates) {
        if (claimed.length >= limit) break
        const fn = this.engine.functions.get(candidate.functionId)!
        if (candidate.concurrencyKey && fn.concurrency) {
          // Serialize claims per key across runners; skip the key if another runner is deciding it.
          const [lock] = await tx.$queryRawUnsafe<{ ok: boolean }[]>(
            `SELECT pg_try_advisory_xact_lock(hashtext($1)) AS ok`,
            candidate.concurrencyKey,
          )
          if (!lock?.ok) continue
          const [busy] = await tx.$queryRawUnsafe<{ n: number }[]>(
            `SELECT count(*)::int AS n FROM "JobRun"
             WHERE "concurrencyKey" = $1 AND "status" = 'RUNNING' AND "lockedUntil" >= $2::timestamp AND "id" <> $3`,
            candidate.concurrencyKey,
            now.toISOString(),
            candidate.id,
          )
          if ((busy?.n ?? 0) >= fn.concurrency.limit) continue
        }
        const [row] = await tx.$queryRawUnsafe<ClaimedRun[]>(
          `UPDATE "JobRun"
           SET "status" = 'RUNNING', "lockedBy" = $2, "lockedUntil" = $3::timestamp, "startedAt" = COALESCE("startedAt", $4::timestamp)
           WHERE "id" = $1
           RETURNING "id", "functionId", "eventId", "eventName", "eventData", "attempt", "maxAttempts", "createdAt", "cancelRequestedAt"`,
          candidate.id,
          this.workerId,
          leaseUntil.toISOString(),
          now.toISOString(),
        )
        if (row) claimed.push(row)
      }
      return claimed
    })
  }

  private async extendLeases(): Promise<void> {
    if (!this.inFlight.size) return
    await this.db.jobRun.updateMany({
      where: { lockedBy: this.workerId, status: 'RUNNING' },
      data: { lockedUntil: new Date(Date.now() + this.options.leaseMs) },
    })
  }

  /** Fires each cron function once for every tick since the last check (the tick is the key). */
  private async scheduleCron(): Promise<void> {
    const now = new Date()
    const from = this.lastCronCheck
    if (now.getTime() - from.getTime() < 200) return
    for (const fn of this.engine.functions.values()) {
      if (!('cron' in fn.trigger)) continue
      const expression = CronExpressionParser.parse(fn.trigger.cron, { currentDate: from, endDate: now, tz: 'UTC' })
      while (expression.hasNext()) {
        const tick = expression.next().toDate()
        if (tick.getTime() > now.getTime()) break
        const created = await this.engine.createRun(fn, {
          id: `cron:${fn.id}:${tick.toISOString()}`,
          name: 'inngest/scheduled.timer',
          data: { cron: fn.trigger.cron, tick: tick.toISOString() },
          ts: tick.getTime(),
        })
        if (created) this.log.debug('cron fired', { functionId: fn.id, tick })
      }
    }
    this.lastCronCheck = now
  }

  private async execute(run: ClaimedRun): Promise<void> {
    const fn = this.engine.functions.get(run.functionId)
    const logger = this.log.child({ runId: run.id, functionId: run.functionId })
    if (!fn) return
    const memo = new Map((await this.db.jobStep.findMany({ where: { runId: run.id } })).map((s) => [s.stepId, s]))
    const seen = new Set<string>()
    // Once released, the run stays released even if the handler catches the interrupt and goes on.
    let isReleased = false
    const release = () => {
      isReleased = true
      return new ReleaseInterrupt()
    }

    const stillOurs = async () => {
      const current = await this.db.jobRun.findUnique({
        where: { id: run.id },
        select: { lockedBy: true, status: true, cancelRequestedAt: true },
      })
      if (!current || current.lockedBy !== this.workerId || current.status !== 'RUNNING') throw new LeaseLost()
      if (current.cancelRequestedAt) throw new CancelInterrupt()
    }
    const once = (id: string) => {
      if (seen.has(id))
        throw new NonRetriableError(`Step id "${id}" is used twice in ${run.functionId}: step ids must be unique within a run`)
      seen.add(id)
    }

    const step: Step = {
      run: async <T>(id: string, body: () => Promise<T> | T): Promise<T> => {
        once(id)
        const done = memo.get(id)
        if (done?.status === 'SUCCEEDED') return unwrap(done.output) as T
        if (this.draining) throw release()
        await stillOurs()
        const startedAt = new Date()
        try {
          const result = await body()
          const finishedAt = new Date()
          const data = { status: 'SUCCEEDED' as const, output: wrap(result), error: null, attempt: run.attempt + 1, startedAt, finishedAt }
          await this.db.jobStep.upsert({
            where: { runId_stepId: { runId: run.id, stepId: id } },
            create: { runId: run.id, stepId: id, ...data },
            update: data,
          })
          // What the next replay would return, not the live object (JSON round trip, like Inngest).
          return unwrap(JSON.parse(JSON.stringify(wrap(result)))) as T
        } catch (error) {
          // Stopped by the shutdown (or failing while it runs): not a failure of the run; the next runner runs the step again.
          if (this.draining) throw release()
          const data = { status: 'FAILED' as const, error: describe(error), attempt: run.attempt + 1, startedAt, finishedAt: new Date() }
          await this.db.jobStep.upsert({
            where: { runId_stepId: { runId: run.id, stepId: id } },
            create: { runId: run.id, stepId: id, ...data },
            update: data,
          })
          throw error
        }
      },
      sleep: async (id: string, duration: Duration) => {
        once(id)
        const existing = memo.get(id)
        if (existing?.status === 'SUCCEEDED') return
        const now = new Date()
        if (existing?.status === 'SLEEPING' && existing.wakeAt && existing.wakeAt <= now) {
          await this.db.jobStep.update({ where: { id: existing.id }, data: { status: 'SUCCEEDED', finishedAt: now } })
          return
        }
        await stillOurs()
        const wakeAt = existing?.wakeAt ?? new Date(now.getTime() + toMilliseconds(duration))
        if (!existing) await this.db.jobStep.create({ data: { runId: run.id, stepId: id, status: 'SLEEPING', wakeAt, startedAt: now } })
        throw new SleepInterrupt(wakeAt)
      },
      sendEvent: async (id: string, events: EventInput | EventInput[]) => {
        const list = (Array.isArray(events) ? events : [events]) as RawEvent[]
        // Ids derived from the run make a repeated send (after a crash) a no-op.
        const withIds = list.map((e, i) => ({ ...e, id: e.id ?? `${run.id}:${id}:${i}` }))
        await step.run(id, async () => {
          await this.engine.send(withIds)
          return withIds.map((e) => e.id)
        })
      },
    }

    try {
      if (run.cancelRequestedAt) throw new CancelInterrupt()
      const output = await fn.handler({
        event: { id: run.eventId ?? run.id, name: run.eventName, data: run.eventData, ts: run.createdAt.getTime() },
        step,
        runId: run.id,
        attempt: run.attempt,
      })
      if (isReleased) throw new ReleaseInterrupt()
      await this.finish(run, { status: 'SUCCEEDED', output: wrap(output), error: null, finishedAt: new Date() })
      logger.debug('run succeeded')
    } catch (error) {
      if (isReleased || error instanceof ReleaseInterrupt) {
        await this.finish(run, { status: 'QUEUED', runAfter: new Date() })
        logger.info('run released at a step boundary')
      } else if (error instanceof LeaseLost) {
        logger.warn('lease lost; another runner owns this run now')
      } else if (error instanceof SleepInterrupt) {
        await this.finish(run, { status: 'SLEEPING', runAfter: error.wakeAt })
      } else if (error instanceof CancelInterrupt) {
        await this.finish(run, { status: 'CANCELED', finishedAt: new Date(), error: 'canceled' })
        logger.info('run canceled')
      } else {
        const attempt = run.attempt + 1
        const isFinal = error instanceof NonRetriableError || attempt >= run.maxAttempts
        if (isFinal) {
          await this.finish(run, { status: 'DEAD', attempt, error: describe(error), finishedAt: new Date() })
          logger.error('run dead-lettered', { attempt, error })
        } else {
          const delay = retryDelay(attempt, this.options.backoff)
          await this.finish(run, { status: 'QUEUED', attempt, error: describe(error), runAfter: new Date(Date.now() + delay) })
          logger.warn('run failed; retrying', { attempt, delayMs: delay, error })
        }
      }
    }
  }

  /** Writes the outcome only while this runner still holds the run. */
  private async finish(run: ClaimedRun, data: Prisma.JobRunUpdateManyMutationInput): Promise<void> {
    await this.db.jobRun.updateMany({
      where: { id: run.id, lockedBy: this.workerId },
      data: { ...data, lockedBy: null, lockedUntil: null },
    })
    if (data.status === 'QUEUED' || data.status === 'SLEEPING') this.wakeLater(data.runAfter as Date)
  }

  /** Local wake-up for a retry or sleep that is due before the next poll. */
  private wakeLater(at: Date) {
    const delay = at.getTime() - Date.now()
    if (delay < this.options.pollMs && this.running) setTimeout(() => this.wakeUp?.(), Math.max(0, delay)).unref()
  }
}
