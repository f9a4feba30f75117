/**
 * npm test — every tier on the embedded defaults, in order, stopping at the first failure:
 * lint, types, schema drift, unit, integration (PGlite), browser (Playwright + Chromium).
 * Ends with one line: "N passed, N failed".
 */
import fs from 'node:fs'
import path from 'node:path'
import { ensureChromium } from './lib/chromium'
import { bin, runNode } from './lib/run'

const out = path.resolve('.test-output')
const tiers = new Set((process.env.TEST_TIERS ?? 'lint,types,drift,unit,int,e2e').split(','))

interface Tally {
  passed: number
  failed: number
  skipped: number
}
const total: Tally = { passed: 0, failed: 0, skipped: 0 }
const timings: string[] = []

function readVitest(file: string): Tally {
  const report = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    numPassedTests: number
    numFailedTests: number
    numPendingTests: number
    numTodoTests: number
  }
  return { passed: report.numPassedTests, failed: report.numFailedTests, skipped: report.numPendingTests + report.numTodoTests }
}

function readPlaywright(file: string): Tally {
  const report = JSON.parse(fs.readFileSync(file, 'utf8')) as {
    stats: { expected: number; unexpected: number; flaky: number; skipped: number }
  }
  return { passed: report.stats.expected + report.stats.flaky, failed: report.stats.unexpected, skipped: report.stats.skipped }
}

async function step(name: string, run: () => Promise<number>, tally?: () => Tally): Promise<boolean> {
  if (!tiers.has(name)) return true
  console.log(`\n━━ ${name} ━━`)
  const started = Date.now()
  const code = await run()
  timings.push(`${name} ${((Date.now() - started) / 1000).toFixed(0)} s`)
  if (tally) {
    try {
      const t = tally()
      total.passed += t.passed
      total.failed += t.failed
      total.skipped += t.skipped
    } catch {
      if (code === 0) total.failed++ // a runner that exits 0 without its report is a failure
    }
  } else {
    if (code === 0) total.passed++
    else total.failed++
  }
  if (code !== 0) console.error(`\n✗ ${name} failed (exit ${code})`)
  return code === 0
}

async function main(): Promise<number> {
  fs.mkdirSync(out, { recursive: true })
  for (const f of ['unit.json', 'int.json', 'e2e.json']) fs.rmSync(path.join(out, f), { force: true })
  const tsx = bin('tsx', 'dist/cli.mjs')
  const vitest = bin('vitest', 'vitest.mjs')
  const ok =
    (await step('lint', async () => {
      const eslint = await runNode([bin('eslint', 'bin/eslint.js'), '--max-warnings', '0', '.'])
      const prettier = await runNode([bin('prettier', 'bin/prettier.cjs'), '--check', '--log-level', 'warn', '.'])
      return eslint || prettier
    })) &&
    (await step('types', () => runNode([bin('typescript', 'bin/tsc'), '--noEmit', '-p', '.']))) &&
    (await step('drift', () => runNode([tsx, 'scripts/db-check.ts']))) &&
    (await step(
      'unit',
      () =>
        runNode([vitest, 'run', '--project', 'unit', '--reporter=default', '--reporter=json', `--outputFile.json=${out}/unit.json`], {
          DATABASE_URL: '',
        }),
      () => readVitest(`${out}/unit.json`),
    )) &&
    (await step(
      'int',
      () =>
        runNode([vitest, 'run', '--project', 'int', '--reporter=default', '--reporter=json', `--outputFile.json=${out}/int.json`], {
          DATABASE_URL: '',
        }),
      () => readVitest(`${out}/int.json`),
    )) &&
    (await step(
      'e2e',
      async () => ((await ensureChromium()) ? runNode([tsx, 'scripts/test-e2e.ts']) : 1),
      () => readPlaywright(`${out}/e2e.json`),
    ))
  console.log(`\n${timings.join(' · ')}`)
  console.log(`${total.passed} passed, ${total.failed} failed${total.skipped ? `, ${total.skipped} skipped` : ''}`)
  return ok && total.failed === 0 ? 0 : 1
}

main().then((code) => process.exit(code))
