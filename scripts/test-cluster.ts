/**
 * npm run test:cluster — the cluster tier (*.cluster.test.ts) against the real local Kubernetes
 * cluster: builds the binaries if the cache lacks them, brings the cluster up unless it is already
 * up, then runs vitest's `cluster` project. A cluster a test run started is taken down by the last
 * test run using it; one started with `npm run cluster:up` is left alone.
 * Ends with one line: "N passed, N failed".
 */
import fs from 'node:fs'
import path from 'node:path'
import { clusterDown } from './cluster/down'
import { withLock } from './cluster/lock'
import { state } from './cluster/paths'
import { clusterUp, memoryReport } from './cluster/up'
import { bin, runNode } from './lib/run'
import { isAlive } from '../lib/os/is-alive'

const runFile = path.join(state.testRuns, String(process.pid))

/** Other test runs still using the cluster (files of dead processes are ignored). */
function otherRuns(): number[] {
  const pids = fs.existsSync(state.testRuns) ? fs.readdirSync(state.testRuns).map(Number) : []
  return pids.filter((pid) => pid !== process.pid && isAlive(pid))
}

async function release(): Promise<void> {
  await withLock(state.upLock, async () => {
    fs.rmSync(runFile, { force: true })
    if (!fs.existsSync(state.startedByTests)) return
    const others = otherRuns()
    if (others.length > 0) console.log(`[test:cluster] leaving the cluster up for test runs still using it (pid ${others.join(', ')})`)
    else await clusterDown()
  })
}

async function main(): Promise<number> {
  const out = path.resolve('.test-output')
  fs.mkdirSync(out, { recursive: true })
  // Per run (several may share the cluster), renamed to cluster.json once read.
  const report = path.join(out, `cluster-${process.pid}.json`)
  try {
    await clusterUp({
      whileLocked: (started) => {
        fs.mkdirSync(state.testRuns, { recursive: true })
        fs.writeFileSync(runFile, '')
        if (started) fs.writeFileSync(state.startedByTests, '')
      },
    })
  } catch (error) {
    console.error(`[test:cluster] the cluster did not come up: ${error instanceof Error ? error.message : String(error)}`)
    console.log('0 passed, 1 failed')
    return 1
  }
  let code: number
  try {
    code = await runNode([
      bin('vitest', 'vitest.mjs'),
      'run',
      '--project',
      'cluster',
      '--reporter=default',
      '--reporter=json',
      `--outputFile.json=${report}`,
      ...process.argv.slice(2),
    ])
    console.log(`[test:cluster] cluster memory after the tests: ${memoryReport()}`)
  } finally {
    await release()
  }
  try {
    const result = JSON.parse(fs.readFileSync(report, 'utf8')) as { numPassedTests: number; numFailedTests: number }
    fs.renameSync(report, path.join(out, 'cluster.json'))
    console.log(`${result.numPassedTests} passed, ${result.numFailedTests} failed`)
    return code !== 0 ? code : result.numFailedTests > 0 ? 1 : 0
  } catch {
    console.log('0 passed, 1 failed') // a runner that exits without its report is a failure
    return code || 1
  }
}

main().then((code) => process.exit(code))
