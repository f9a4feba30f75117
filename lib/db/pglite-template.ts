/**
 * Creating a PGlite cluster runs initdb inside WebAssembly: ~4 s on a small machine. Opening an
 * existing data directory takes ~0.5 s. Tools that need many throwaway databases (tests, the
 * schema diff's shadow database) copy a template directory made once and kept under the OS temp
 * directory, keyed by the PGlite version (and by the migrations for a migrated template).
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createRequire } from 'node:module'
import type { SqlConnection } from './sql'

function pgliteVersion(): string {
  const require = createRequire(import.meta.url)
  const entry = require.resolve('@electric-sql/pglite')
  let dir = path.dirname(entry)
  while (!fs.existsSync(path.join(dir, 'package.json'))) dir = path.dirname(dir)
  return (JSON.parse(fs.readFileSync(path.join(dir, 'package.json'), 'utf8')) as { version: string }).version
}

const root = () => path.join(os.tmpdir(), `tenancy-pglite-${pgliteVersion()}`)

/**
 * The directory of a template, made by `prepare` on first use. Concurrent callers (test workers)
 * may both build it; the first rename wins and the loser's copy is discarded.
 */
export async function templateDir(key: string, prepare?: (conn: SqlConnection) => Promise<void>): Promise<string> {
  const dir = path.join(root(), key)
  if (fs.existsSync(path.join(dir, 'PG_VERSION'))) return dir
  fs.mkdirSync(root(), { recursive: true })
  const building = `${dir}.building-${process.pid}-${crypto.randomBytes(3).toString('hex')}`
  const { connectSql } = await import('./sql')
  const conn = await connectSql({ kind: 'pglite', dir: building })
  try {
    await prepare?.(conn)
  } finally {
    await conn.close()
  }
  try {
    fs.renameSync(building, dir)
  } catch {
    fs.rmSync(building, { recursive: true, force: true }) // another process finished first
  }
  return dir
}

/** A new data directory copied from the template (caller removes it when done). */
export function copyTemplate(template: string): string {
  const target = fs.mkdtempSync(path.join(os.tmpdir(), 'tenancy-db-'))
  fs.cpSync(template, target, { recursive: true })
  return target
}

export const emptyTemplate = () => templateDir('empty')
