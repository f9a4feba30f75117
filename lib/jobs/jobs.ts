/**
 * `jobs.send(event)`: how domain code starts background work. Events are checked against the
 * catalog (lib/jobs/events.ts), then handed to the backend chosen at boot: the embedded engine
 * (runs in this database) or Inngest.
 */
import { z } from 'zod'
import { AppError } from '../errors/app-error'
import { EVENT_SCHEMAS, isEventName, type EventInput } from './events'
import type { RawEvent } from './engine'

export interface JobsBackend {
  send(events: RawEvent[]): Promise<string[]>
}

const KEY = Symbol.for('tenancy.jobs.backend')
const holder = ((globalThis as Record<symbol, { backend?: JobsBackend }>)[KEY] ??= {})

export function configureJobs(backend: JobsBackend | undefined): void {
  holder.backend = backend
}

export function validateEvent(event: EventInput): RawEvent {
  if (!isEventName(event.name)) throw new AppError('BAD_REQUEST', `Unknown event "${event.name}": add it to lib/jobs/events.ts`)
  const parsed = EVENT_SCHEMAS[event.name].safeParse(event.data)
  if (!parsed.success) {
    throw new AppError('VALIDATION', `Invalid data for event ${event.name}: ${z.prettifyError(parsed.error)}`)
  }
  return { name: event.name, data: parsed.data, id: event.id, ts: event.ts }
}

export const jobs = {
  /** Validates and sends one or more events; returns their ids. */
  async send(events: EventInput | EventInput[]): Promise<string[]> {
    const list = (Array.isArray(events) ? events : [events]).map(validateEvent)
    if (!holder.backend) throw new Error('Jobs are not configured in this process (server/boot.ts configures them)')
    return holder.backend.send(list)
  },
}
