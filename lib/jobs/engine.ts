/**
 * The embedded job engine's event side: sending events (fan-out to the functions they trigger,
 * one run per idempotency key), cancellation by event, and replay of dead runs. Runs are rows in
 * JobRun; lib/jobs/runner.ts executes them.
 */
import crypto from 'node:crypto'
import { EventEmitter } from 'node:events'
import type { Db } from '../db'
import type { JobFunction } from './define'
import { DEFAULT_RETRIES } from './define'
import { evaluateKey, matchToJsonPath, readPath } from './expression'
import type { JobEventPayload } from './events'

export interface RawEvent {
  name: string
  data: unknown
  id?: string
  ts?: number
}

const IDEMPOTENCY_WINDOW_MS = 24 * 3_600_000

export class JobEngine {
  readonly functions: ReadonlyMap<string, JobFunction>
  /** Local runners listen to start work without waiting for their next poll. */
  readonly wake = new EventEmitter()

  constructor(
    readonly db: Db,
    functions: JobFunction[],
  ) {
    const map = new Map<string, JobFunction>()
    for (const fn of functions) {
      if (map.has(fn.id)) throw new Error(`Two job functions share the id "${fn.id}"`)
      map.set(fn.id, fn)
    }
    this.functions = map
    this.wake.setMaxListeners(100)
  }

  /** Records the events and creates the runs they trigger. Returns the event ids. */
  async send(events: RawEvent | RawEvent[]): Promise<string[]> {
    const list = (Array.isArray(events) ? events : [events]).map((raw): JobEventPayload => ({
      id: raw.id ?? crypto.randomUUID(),
      name: raw.name,
      data: raw.data ?? {},
      ts: raw.ts ?? Date.now(),
    }))
    if (!list.length) return []
    const runs = list.flatMap((event) =>
      [...this.functions.values()]
        .filter((fn) => 'event' in fn.trigger && fn.trigger.event === event.name)
        .map((fn) => this.runRow(fn, event)),
    )
    // One statement for the events and their runs, whatever the batch size.
    await this.insertRuns(runs, list)
    for (const event of list) await this.cancelMatching(event)
    this.wake.emit('work')
    return list.map((e) => e.id)
  }

  /** Creates the run of one function for one event (cron ticks use this too). False when the key already ran. */
  async createRun(fn: JobFunction, event: JobEventPayload): Promise<boolean> {
    return (await this.insertRuns([this.runRow(fn, event)])) === 1
  }

  private runRow(fn: JobFunction, event: JobEventPayload) {
    return {
      functionId: fn.id,
      eventId: event.id,
      eventName: event.name,
      eventData: event.data as object,
      // One run per (function, key) within 24 hours.
      idempotencyKey: (fn.idempotency ? evaluateKey(fn.idempotency, event) : null) ?? event.id,
      concurrencyKey: fn.concurrency
        ? `${fn.concurrency.scope === 'account' ? 'account' : fn.id}:${evaluateKey(fn.concurrency.key, event) ?? ''}`
        : null,
      maxAttempts: (fn.retries ?? DEFAULT_RETRIES) + 1,
    }
  }

  /**
   * Inserts runs (and, in the same statement, the events that triggered them), dropping those
   * whose key already has a run. A key whose run is older than the 24-hour window no longer
   * blocks: that old run's key is renamed and the new run inserted.
   */
  private async insertRuns(rows: ReturnType<JobEngine['runRow']>[], events: JobEventPayload[] = []): Promise<number> {
    if (!rows.length && !events.length) return 0
    let created = await this.db.$executeRawUnsafe(
      insertRunsSql(events.length > 0),
      ...runColumns(rows),
      ...(events.length ? eventColumns(events) : []),
    )
    if (created === rows.length) return created
    const windowStart = new Date(Date.now() - IDEMPOTENCY_WINDOW_MS)
    const stale = await this.db.jobRun.findMany({
      where: { OR: rows.map((r) => ({ functionId: r.functionId, idempotencyKey: r.idempotencyKey })), createdAt: { lt: windowStart } },
      select: { id: true, functionId: true, idempotencyKey: true },
    })
    for (const old of stale) {
      await this.db.jobRun.updateMany({
        where: { id: old.id, idempotencyKey: old.idempotencyKey },
        data: { idempotencyKey: `${old.idempotencyKey}#${old.id}` },
      })
    }
    if (stale.length) {
      const retry = rows.filter((r) => stale.some((s) => s.functionId === r.functionId && s.idempotencyKey === r.idempotencyKey))
      created += await this.db.$executeRawUnsafe(insertRunsSql(false), ...runColumns(retry))
    }
    return created
  }

  private async cancelMatching(event: JobEventPayload): Promise<void> {
    for (const fn of this.functions.values()) {
      for (const rule of fn.cancelOn ?? []) {
        if (rule.event !== event.name) continue
        const value = readPath(event, rule.match)
        if (value === undefined || value === null) continue
        const path = matchToJsonPath(rule.match)
        const text = typeof value === 'string' ? value : JSON.stringify(value)
        const now = new Date().toISOString()
        // Waiting runs stop now; a run executing a step stops before its next one.
        await this.db.$executeRawUnsafe(
          `UPDATE "JobRun" SET "status" = 'CANCELED', "finishedAt" = $4::timestamp, "lockedBy" = NULL, "lockedUntil" = NULL,
             "error" = 'canceled by ' || $5
           WHERE "functionId" = $1 AND "status" IN ('QUEUED', 'SLEEPING', 'WAITING') AND "eventData" #>> $2::text[] = $3`,
          fn.id,
          path,
          text,
          now,
          `${event.name} ${event.id}`,
        )
        await this.db.$executeRawUnsafe(
          `UPDATE "JobRun" SET "cancelRequestedAt" = $4::timestamp
           WHERE "functionId" = $1 AND "status" = 'RUNNING' AND "eventData" #>> $2::text[] = $3`,
          fn.id,
          path,
          text,
          now,
        )
      }
    }
  }

  /** Puts a dead or failed run back in the queue; steps that succeeded stay memoized. */
  async replay(runId: string): Promise<boolean> {
    const updated = await this.db.jobRun.updateMany({
      where: { id: runId, status: { in: ['DEAD', 'FAILED'] } },
      data: {
        status: 'QUEUED',
        attempt: 0,
        error: null,
        runAfter: new Date(),
        finishedAt: null,
        lockedBy: null,
        lockedUntil: null,
        replayCount: { increment: 1 },
      },
    })
    if (updated.count) this.wake.emit('work')
    return updated.count === 1
  }
}

/**
 * INSERT … SELECT unnest() of the runs, with the events in a CTE of the same statement: a send is
 * one round trip (each Prisma createMany was one, and cost more on the client than in the
 * database; bench/webhooks). Defaults Prisma would fill in on the client (id, the timestamps)
 * are passed, in UTC like Prisma's. The statement's count is the runs inserted.
 */
function insertRunsSql(withEvents: boolean): string {
  const runs = `INSERT INTO "JobRun"
      ("id", "functionId", "eventId", "eventName", "eventData", "idempotencyKey", "concurrencyKey", "maxAttempts", "runAfter", "createdAt")
    SELECT "id", "functionId", "eventId", "eventName", "eventData", "idempotencyKey", "concurrencyKey", "maxAttempts",
      $9::timestamp, $9::timestamp
    FROM unnest($1::text[], $2::text[], $3::text[], $4::text[], $5::jsonb[], $6::text[], $7::text[], $8::int[])
      AS r ("id", "functionId", "eventId", "eventName", "eventData", "idempotencyKey", "concurrencyKey", "maxAttempts")
    ON CONFLICT ("functionId", "idempotencyKey") DO NOTHING`
  if (!withEvents) return runs
  return `WITH "events" AS (
      INSERT INTO "JobEvent" ("id", "name", "data", "ts")
      SELECT * FROM unnest($10::text[], $11::text[], $12::jsonb[], $13::timestamp[])
      ON CONFLICT ("id") DO NOTHING
    )
    ${runs}`
}

function runColumns(rows: ReturnType<JobEngine['runRow']>[]): unknown[] {
  return [
    rows.map(() => crypto.randomUUID()),
    rows.map((r) => r.functionId),
    rows.map((r) => r.eventId),
    rows.map((r) => r.eventName),
    rows.map((r) => JSON.stringify(r.eventData)),
    rows.map((r) => r.idempotencyKey),
    rows.map((r) => r.concurrencyKey),
    rows.map((r) => r.maxAttempts),
    new Date().toISOString(),
  ]
}

function eventColumns(events: JobEventPayload[]): unknown[] {
  return [
    events.map((e) => e.id),
    events.map((e) => e.name),
    events.map((e) => JSON.stringify(e.data)),
    events.map((e) => new Date(e.ts).toISOString()),
  ]
}
