/**
 * npm run test:pg — the integration tier against the PostgreSQL server in DATABASE_URL. Every
 * test file creates (and drops) its own database there, so a run never sees another's data.
 */
import fs from 'node:fs'
import path from 'node:path'
import { bin, runNode } from './lib/run'

async function main(): Promise<number> {
  const url = process.env.DATABASE_URL
  if (!url) {
    console.error(
      'test:pg needs DATABASE_URL pointing at a PostgreSQL server whose user may CREATE DATABASE, ' +
        'e.g. postgresql://postgres@127.0.0.1:5432/postgres',
    )
    return 2
  }
  const out = path.resolve('.test-output')
  fs.mkdirSync(out, { recursive: true })
  const code = await runNode([
    bin('vitest', 'vitest.mjs'),
    'run',
    '--project',
    'int',
    '--reporter=default',
    '--reporter=json',
    `--outputFile.json=${out}/int-pg.json`,
    ...process.argv.slice(2),
  ])
  try {
    const report = JSON.parse(fs.readFileSync(`${out}/int-pg.json`, 'utf8')) as { numPassedTests: number; numFailedTests: number }
    console.log(`${report.numPassedTests} passed, ${report.numFailedTests} failed`)
  } catch {
    console.log('0 passed, 1 failed')
    return code || 1
  }
  return code
}

main().then((code) => process.exit(code))
