import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { beat, HEARTBEAT_STALE_MS } from '../jobs/heartbeat'
import { DEFAULT_MIGRATIONS_DIR } from '../db/migrations'
import { useTestDatabase } from '../testing/use-test-database'
import { checkReadiness } from './readiness'

// The checks read the process-wide db, which is this file's test database.
useTestDatabase()

describe('checkReadiness', () => {
  it('names the worker when no heartbeat has been seen, then passes after a beat', async () => {
    const before = await checkReadiness({ requireWorker: true })
    expect(before).toMatchObject({ ok: false, failing: ['worker'], checks: { database: { ok: true }, migrations: { ok: true } } })
    expect(before.checks.worker.detail).toMatch(/no worker heartbeat/)

    await beat('test-worker', new Date())
    expect(await checkReadiness({ requireWorker: true })).toMatchObject({ ok: true, failing: [] })
  })

  it('fails when the newest heartbeat is stale', async () => {
    const later = new Date(Date.now() + HEARTBEAT_STALE_MS + 5_000)
    const result = await checkReadiness({ requireWorker: true, now: later })
    expect(result.failing).toEqual(['worker'])
    expect(result.checks.worker.detail).toMatch(/stale/)
  })

  it('does not require a worker when jobs run elsewhere', async () => {
    const later = new Date(Date.now() + HEARTBEAT_STALE_MS * 10)
    expect((await checkReadiness({ requireWorker: false, now: later })).ok).toBe(true)
  })

  it('names pending migrations', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenancy-ready-'))
    fs.cpSync(DEFAULT_MIGRATIONS_DIR, dir, { recursive: true })
    fs.mkdirSync(path.join(dir, '99990101000000_future'))
    fs.writeFileSync(path.join(dir, '99990101000000_future', 'migration.sql'), 'SELECT 1;')
    const result = await checkReadiness({ requireWorker: false, migrationsDir: dir })
    expect(result.failing).toEqual(['migrations'])
    expect(result.checks.migrations.detail).toContain('99990101000000_future')
  })
})
