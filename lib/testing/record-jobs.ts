/** A recording double of the jobs backend: what the code under test sends is kept, nothing runs. */
import type { RawEvent } from '../jobs/engine'
import { configureJobs } from '../jobs/jobs'

export interface RecordedJobs {
  /** The events sent since the recorder was plugged in. */
  sent: RawEvent[]
  /** Unplugs the recorder (jobs are then not configured). */
  stop: () => void
}

/** Replaces the jobs backend with a recorder; `stop()` unplugs it. */
export function recordJobs(): RecordedJobs {
  const sent: RawEvent[] = []
  configureJobs({
    send: async (events) => {
      sent.push(...events)
      return events.map((event, i) => event.id ?? String(i))
    },
  })
  return { sent, stop: () => configureJobs(undefined) }
}
