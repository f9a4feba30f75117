// What the auth integration tests share: a test database for the file, the jobs they send
// recorded instead of run (emptied before each test), a fresh client address per call (so rate
// limits of one test never reach the next), and a way to look at a refusal.
import { afterAll, beforeAll, beforeEach, expect } from 'vitest'
import { AppError } from '../../errors/app-error'
import type { RawEvent } from '../../jobs/engine'
import { recordJobs } from '../../orgs/testing/fixtures'
import { createTestDatabase, type TestDatabase } from '../../testing/test-db'

export interface AuthTestFile {
  /** Set once the file's beforeAll has run. */
  readonly database: TestDatabase
  /** Events sent by the code under test since the current test began. */
  readonly sent: RawEvent[]
  /** Request details with a new IP address each call. */
  ctx(): { ip: string; userAgent: string; requestId: string }
  /** Records jobs again after a test replaced the sender. */
  recordJobsAgain(): void
}

export function authTestFile(): AuthTestFile {
  let database: TestDatabase | undefined
  let recorder: ReturnType<typeof recordJobs> | undefined
  let counter = 0
  beforeAll(async () => {
    database = await createTestDatabase()
    recorder = recordJobs()
  })
  afterAll(async () => {
    recorder?.stop()
    await database?.close()
  })
  beforeEach(() => {
    recorder?.sent.splice(0)
  })
  return {
    get database() {
      if (!database) throw new Error('the test database is opened in beforeAll')
      return database
    },
    get sent() {
      if (!recorder) throw new Error('jobs are recorded from beforeAll')
      return recorder.sent
    },
    ctx: () => ({ ip: `192.0.2.${++counter}`, userAgent: 'vitest', requestId: `req-${counter}` }),
    recordJobsAgain: () => {
      recorder = recordJobs()
    },
  }
}

/** Awaits a call that must be refused and returns its AppError. */
export async function refusal(promise: Promise<unknown>): Promise<AppError> {
  const error = await promise.then(
    () => {
      throw new Error('expected the call to be refused')
    },
    (e: unknown) => e,
  )
  expect(error).toBeInstanceOf(AppError)
  return error as AppError
}
