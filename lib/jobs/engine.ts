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
    const list = Array.isArray(events) ? events : [events]
    const ids: string[] = []
    for (const raw of list) {
      const event: JobEventPayload = { id: raw.id ?? crypto.randomUUID(), name: raw.name, data: raw.data ?? {}, ts: raw.ts ?? Date.now() }
      ids.push(event.id)
      await this.db.jobEvent.createMany({ data: [{ id: event.id, name: event.name, data: event.data as object, ts: new Date(event.ts) }], skipDuplicates: true })
      for (const fn of this.functions.values()) {
        if ('event' in fn.trigger && fn.trigger.event === event.name) await this.createRun(fn, event)
      }
      await this.cancelMatching(event)
    }
    this.wake.emit('work')
    return ids
  }

  /** One run per (function, idempotency key) within 24 hours; later duplicates are dropped. */
  async createRun(fn: JobFunction, event: JobEventPayload, runAfter?: Date): Promise<boolean> {
    const key = (fn.idempotency ? evaluateKey(fn.idempotency, event) : null) ?? event.id
    const concurrencyKey = fn.concurrency ? `${fn.id}:${evaluateKey(fn.concurrency.key, event) ?? ''}` : null
    // A key older than the window no longer blocks: rename the old run's key out of the way.
    await this.db.$executeRawUnsafe(
      `UPDATE "JobRun" SET "idempotencyKey" = "idempotencyKey" || '#' || "id"
       WHERE "functionId" = $1 AND "idempotencyKey" = $2 AND "createdAt" < $3::timestamp`,
      fn.id,
      key,
      new Date(Date.now() - IDEMPOTENCY_WINDOW_MS).toISOString(),
    )
    const created = await this.db.jobRun.createMany({
      data: [
        {
          functionId: fn.id,
          eventId: event.id,
          eventName: event.name,
          eventData: event.data as object,
          idempotencyKey: key,
          concurrencyKey,
          maxAttempts: (fn.retries ?? DEFAULT_RETRIES) + 1,
          ...(runAfter ? { runAfter } : {}),
        },
      ],
      skipDuplicates: true,
    })
    return created.count === 1
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
      data: { status: 'QUEUED', attempt: 0, error: null, runAfter: new Date(), finishedAt: null, lockedBy: null, lockedUntil: null, replayCount: { increment: 1 } },
    })
    if (updated.count) this.wake.emit('work')
    return updated.count === 1
  }
}
