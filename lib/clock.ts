/**
 * The billing clock: the wall clock plus CLOCK_OFFSET_SECONDS (0 in production). Trials, dunning
 * and invoice periods read the time here, so a test environment moves time by configuration.
 * A test inside one process may also set the offset directly (`setClockOffset`).
 */
import { getEnv } from './env'

const KEY = Symbol.for('tenancy.clock.offset')
const holder = ((globalThis as Record<symbol, { offsetMs?: number }>)[KEY] ??= {})

export function clockOffsetMs(): number {
  return holder.offsetMs ?? getEnv().CLOCK_OFFSET_SECONDS * 1000
}

/** Overrides the configured offset in this process (undefined goes back to the configuration). */
export function setClockOffset(ms: number | undefined): void {
  holder.offsetMs = ms
}

export function now(): Date {
  return new Date(Date.now() + clockOffsetMs())
}
