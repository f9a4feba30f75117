/**
 * The integration tier's one harness. Called at the top of a test file, it registers the file's
 * hooks: a fresh migrated database (createTestDatabase, also installed as the process-wide `db`)
 * opened in beforeAll and closed in afterAll, and the jobs the code under test sends recorded
 * instead of run.
 *
 *   const database = useTestDatabase()
 *   it('…', async () => { await database.db.user.count(); expect(database.jobs.sent).toEqual([]) })
 *
 * Jobs (`jobs` option):
 * - 'per-test' (default): a recorder is plugged in from beforeAll (setup may send) and plugged
 *   in again, with an empty list, before each test, so `jobs.sent` holds what the current test
 *   sent even when an earlier test replaced the backend;
 * - 'per-file': one recorder from beforeAll to afterAll, `jobs.sent` accumulates over the file;
 * - false: nothing is configured (the file wires its own backend, or sends nothing).
 */
import { afterAll, beforeAll, beforeEach } from 'vitest'
import type { Db } from '../db'
import type { SqlConnection } from '../db/sql'
import { recordJobs, type RecordedJobs } from './record-jobs'
import { createTestDatabase, type TestDatabase } from './test-db'

export interface UseTestDatabaseOptions {
  jobs?: 'per-test' | 'per-file' | false
  /** Migrations from another directory (the migrator's own tests). */
  migrationsDir?: string
  /** false: an empty database, no migrations applied. */
  migrate?: boolean
  /** PostgreSQL server to use; null forces PGlite. Default: DATABASE_URL. */
  serverUrl?: string | null
}

export interface TestDatabaseHandle {
  readonly db: Db
  /** The same database through the migrator's raw connection. */
  readonly sql: SqlConnection
  readonly kind: 'pglite' | 'postgres'
  /** PostgreSQL only: the URL of this file's own database. */
  readonly url: string | undefined
  /** What the code under test sent (see the `jobs` option). */
  readonly jobs: RecordedJobs
}

export function useTestDatabase(options: UseTestDatabaseOptions = {}): TestDatabaseHandle {
  const { jobs: jobsMode = 'per-test', ...databaseOptions } = options
  let database: TestDatabase | undefined
  let recorder: RecordedJobs | undefined

  beforeAll(async () => {
    database = await createTestDatabase(databaseOptions)
    if (jobsMode) recorder = recordJobs()
  })
  afterAll(async () => {
    recorder?.stop()
    await database?.close()
  })
  if (jobsMode === 'per-test') {
    beforeEach(() => {
      recorder = recordJobs()
    })
  }

  const opened = (): TestDatabase => {
    if (!database) throw new Error('useTestDatabase(): the database is opened in beforeAll; read it inside hooks and tests')
    return database
  }
  return {
    get db() {
      return opened().db
    },
    get sql() {
      return opened().sql
    },
    get kind() {
      return opened().kind
    },
    get url() {
      return opened().url
    },
    get jobs() {
      if (!jobsMode) throw new Error('useTestDatabase({ jobs: false }): this file records no jobs')
      if (!recorder) throw new Error('useTestDatabase(): jobs are recorded from beforeAll; read them inside hooks and tests')
      return recorder
    },
  }
}
