/** The upgrade tests' "previous build": a copy of prisma/migrations without `migration` and those after it. */
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { DEFAULT_MIGRATIONS_DIR, readMigrations } from '../migrations'

/** The copy's directory; `cleanups` gets its removal. */
export function migrationsBefore(migration: string, cleanups: (() => void)[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenancy-migrations-before-'))
  cleanups.push(() => fs.rmSync(dir, { recursive: true, force: true }))
  fs.copyFileSync(path.join(DEFAULT_MIGRATIONS_DIR, 'migration_lock.toml'), path.join(dir, 'migration_lock.toml'))
  for (const m of readMigrations().filter((m) => m.name < migration)) {
    fs.mkdirSync(path.join(dir, m.name))
    fs.writeFileSync(path.join(dir, m.name, 'migration.sql'), m.sql)
  }
  return dir
}
