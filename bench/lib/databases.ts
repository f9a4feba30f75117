// The two databases every database benchmark measures, each fresh and migrated: the embedded
// PGlite, and the PostgreSQL server of DATABASE_URL (or 127.0.0.1:5432), skipped when it does not answer.
import { createTestDatabase, type TestDatabase } from '../../lib/testing/test-db'

export const PG_URL = process.env.DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres'

export const DATABASE_TARGETS = [
  ['PGlite (embedded)', null],
  ['PostgreSQL 127.0.0.1', PG_URL],
] as const

/** Calls `measure` with each target's fresh database (closed afterwards); `skipped` when one cannot be created. */
export async function forEachDatabase(
  measure: (target: string, database: TestDatabase) => Promise<void>,
  skipped: (target: string, reason: string) => void,
): Promise<void> {
  for (const [target, serverUrl] of DATABASE_TARGETS) {
    let database: TestDatabase
    try {
      database = await createTestDatabase({ serverUrl })
    } catch (error) {
      skipped(target, (error as Error).message.split('\n')[0]!)
      continue
    }
    try {
      await measure(target, database)
    } finally {
      await database.close()
    }
  }
}
