/**
 * The billing clock: the wall clock plus an offset (0 in production). Trials, dunning and invoice
 * periods read the time here, so a test or staging environment moves time by configuration:
 * CLOCK_OFFSET_SECONDS fixes the offset at start; CLOCK_FILE names a file holding the offset in
 * seconds, re-read when the file changes (checked at most once a second), so time can move while
 * the server runs. A file that is missing or unreadable means the configured offset; one that
 * does not hold a whole number keeps the last good value and says so in the log.
 * A test inside one process may also set the offset directly (`setClockOffset`).
 */
import fs from 'node:fs'
import { getEnv } from './env'
import { log } from './log/logger'

const KEY = Symbol.for('tenancy.clock.offset')
interface State {
  offsetMs?: number
  file?: { path: string; checkedAt: number; mtimeMs: number; offsetMs: number | undefined }
}
const holder = ((globalThis as Record<symbol, State>)[KEY] ??= {})

/** The offset in a clock file's text; throws on anything but a whole number of seconds. */
export function parseClockFile(text: string): number {
  const trimmed = text.trim()
  if (!/^-?\d+$/.test(trimmed)) throw new Error(`CLOCK_FILE must hold a whole number of seconds (got "${trimmed.slice(0, 40)}")`)
  return Number(trimmed) * 1000
}

function fileOffsetMs(path: string): number | undefined {
  const at = Date.now()
  const state = holder.file?.path === path ? holder.file : (holder.file = { path, checkedAt: 0, mtimeMs: -1, offsetMs: undefined })
  if (at - state.checkedAt < 1000) return state.offsetMs
  state.checkedAt = at
  let mtimeMs: number
  try {
    mtimeMs = fs.statSync(path).mtimeMs
  } catch {
    state.mtimeMs = -1
    return (state.offsetMs = undefined)
  }
  if (mtimeMs === state.mtimeMs) return state.offsetMs
  state.mtimeMs = mtimeMs
  try {
    state.offsetMs = parseClockFile(fs.readFileSync(path, 'utf8'))
    log.info('billing clock moved', { offsetSeconds: state.offsetMs / 1000 })
  } catch (error) {
    log.warn('clock file ignored', { error: (error as Error).message })
  }
  return state.offsetMs
}

export function clockOffsetMs(): number {
  if (holder.offsetMs !== undefined) return holder.offsetMs
  const env = getEnv()
  const fromFile = env.CLOCK_FILE ? fileOffsetMs(env.CLOCK_FILE) : undefined
  return fromFile ?? env.CLOCK_OFFSET_SECONDS * 1000
}

/** Overrides the configured offset in this process (undefined goes back to the configuration). */
export function setClockOffset(ms: number | undefined): void {
  holder.offsetMs = ms
}

export function now(): Date {
  return new Date(Date.now() + clockOffsetMs())
}
