// The harness itself: the handle cannot be read before the file's beforeAll, the database is
// migrated, and each test sees the jobs it sent, not those of the test before.
import { beforeAll, describe, expect, it } from 'vitest'
import { jobs } from '../jobs/jobs'
import { useTestDatabase } from './use-test-database'

const database = useTestDatabase()
const readTooEarly = (read: () => unknown) => {
  try {
    read()
    return 'read'
  } catch (error) {
    return (error as Error).message
  }
}
const early = { db: readTooEarly(() => database.db), jobs: readTooEarly(() => database.jobs) }
let sentInSetup = 0

beforeAll(async () => {
  await jobs.send({ name: 'tenant/resume.requested', data: { tenantId: 'set-up' } })
  sentInSetup = database.jobs.sent.length
})

describe('useTestDatabase', () => {
  it('refuses to be read before beforeAll, with a message saying so', () => {
    expect(early.db).toMatch(/opened in beforeAll/)
    expect(early.jobs).toMatch(/recorded from beforeAll/)
  })

  it('opens a migrated database of its own, and records what setup sends', async () => {
    expect(await database.db.organization.count()).toBe(0)
    expect((await database.sql.query<{ n: number }>('SELECT 1 AS n'))[0]!.n).toBe(1)
    expect(['pglite', 'postgres']).toContain(database.kind)
    expect(sentInSetup).toBe(1)
  })

  it('records the jobs a test sends', async () => {
    expect(database.jobs.sent).toEqual([])
    await jobs.send({ name: 'tenant/suspend.requested', data: { tenantId: 't1', reason: 'test' } })
    expect(database.jobs.sent).toEqual([
      expect.objectContaining({ name: 'tenant/suspend.requested', data: expect.objectContaining({ tenantId: 't1' }) }),
    ])
  })

  it('starts each test with an empty list', () => {
    expect(database.jobs.sent).toEqual([])
  })
})
