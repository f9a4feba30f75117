/**
 * The Step interface workflows are written against. The embedded runner implements it with
 * results memoized in the database; inngest/adapter.ts maps it onto Inngest's step tools.
 * Step results must be JSON-serializable: like Inngest, a memoized Date comes back as a string.
 */
import type { Duration } from './duration'
import type { EventInput } from './events'

export interface Step {
  /** Runs fn once per run; on replay returns the recorded result. A throw fails the step (retried). */
  run<T>(id: string, fn: () => Promise<T> | T): Promise<T>
  /** Durable sleep: the run is parked and resumes after the duration, even across restarts. */
  sleep(id: string, duration: Duration): Promise<void>
  /** Sends events exactly once per run (ids derived from the run and step when not given). */
  sendEvent(id: string, events: EventInput | EventInput[]): Promise<void>
}

/** Thrown by a step to fail the run at once, without retries (it is dead-lettered). */
export class NonRetriableError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'NonRetriableError'
  }
}
