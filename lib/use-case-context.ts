/**
 * What every use case learns about its call besides its input: who acts, the request it came in
 * (for rate limits and audit entries) and `now` — the billing clock's time (lib/clock.ts), so a
 * business date (a trial's end, a grace period, an invoice's period) is computed from the same
 * clock everywhere, whatever offset the clock runs at.
 */
import type { RequestContext } from './http/request-context'

export interface UseCaseContext<Actor> {
  actor: Actor
  request: RequestContext
  now: Date
}
