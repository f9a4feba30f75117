import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest'
import { clockOffsetMs, now, parseClockFile, setClockOffset } from './clock'
import { resetEnvCache } from './env'

const HOUR = 3_600_000

describe('the billing clock', () => {
  let file: string
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] })
    vi.setSystemTime(new Date('2026-03-01T00:00:00Z'))
    file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'clock-')), 'offset')
  })
  afterEach(() => {
    vi.useRealTimers()
    delete process.env.CLOCK_FILE
    delete process.env.CLOCK_OFFSET_SECONDS
    resetEnvCache()
    setClockOffset(undefined)
  })

  function configure(env: Record<string, string>) {
    Object.assign(process.env, env)
    resetEnvCache()
  }
  /** The clock file is checked at most once a second. */
  const later = () => vi.setSystemTime(Date.now() + 1001)
  /** A rewrite with a different modification time, as any editor or `echo >` gives. */
  function write(text: string, mtimeSeconds: number) {
    fs.writeFileSync(file, text)
    fs.utimesSync(file, mtimeSeconds, mtimeSeconds)
  }

  it('is the wall clock plus CLOCK_OFFSET_SECONDS', () => {
    configure({ CLOCK_OFFSET_SECONDS: '90' })
    expect(now().toISOString()).toBe('2026-03-01T00:01:30.000Z')
  })

  it('follows CLOCK_FILE while the process runs, and falls back to the configured offset without it', () => {
    configure({ CLOCK_FILE: file, CLOCK_OFFSET_SECONDS: '60' })
    expect(clockOffsetMs()).toBe(60_000) // no file yet
    write(String(25 * 3600), 1000)
    later()
    expect(clockOffsetMs()).toBe(25 * HOUR)
    write('-7200', 2000)
    expect(clockOffsetMs()).toBe(25 * HOUR) // not re-read within the second
    later()
    expect(clockOffsetMs()).toBe(-2 * HOUR)
    expect(now().getTime()).toBe(Date.now() - 2 * HOUR)
    fs.rmSync(file)
    later()
    expect(clockOffsetMs()).toBe(60_000)
  })

  it('keeps the last good offset when the file holds something else', () => {
    configure({ CLOCK_FILE: file })
    write('3600\n', 1000)
    later()
    expect(clockOffsetMs()).toBe(HOUR)
    write('tomorrow', 2000)
    later()
    expect(clockOffsetMs()).toBe(HOUR)
  })

  it('reads only whole numbers of seconds', () => {
    expect(parseClockFile(' 86400\n')).toBe(86_400_000)
    expect(parseClockFile('-5')).toBe(-5000)
    expect(() => parseClockFile('1.5')).toThrow('CLOCK_FILE must hold a whole number of seconds (got "1.5")')
    expect(() => parseClockFile('')).toThrow(/whole number/)
  })

  it('a test in the process overrides both', () => {
    configure({ CLOCK_OFFSET_SECONDS: '90' })
    setClockOffset(-HOUR)
    expect(now().toISOString()).toBe('2026-02-28T23:00:00.000Z')
  })
})
