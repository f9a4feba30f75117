/**
 * npm run test:cluster — the cluster tier (*.cluster.test.ts) against the real local Kubernetes
 * cluster: builds the binaries if the cache lacks them, brings the cluster up unless it is already
 * up (and takes it down afterwards only if it started it), then runs vitest's `cluster` project.
 * Ends with one line: "N passed, N failed".
 */
import fs from 'node:fs'
import path from 'node:path'
import { clusterDown } from './cluster/down'
import { clusterUp, memoryReport } from './cluster/up'
import { bin, runNode } from './lib/run'

async function main(): Promise<number> {
  const out = path.resolve('.test-output')
  fs.mkdirSync(out, { recursive: true })
  const report = path.join(out, 'cluster.json')
  fs.rmSync(report, { force: true })
  let started = false
  try {
    started = await clusterUp()
  } catch (error) {
    console.error(`[test:cluster] the cluster did not come up: ${error instanceof Error ? error.message : String(error)}`)
    console.log('0 passed, 1 failed')
    return 1
  }
  let code: number
  try {
    code = await runNode([bin('vitest', 'vitest.mjs'), 'run', '--project', 'cluster', '--reporter=default', '--reporter=json', `--outputFile.json=${report}`, ...process.argv.slice(2)])
    console.log(`[test:cluster] cluster memory after the tests: ${memoryReport()}`)
  } finally {
    if (started) await clusterDown()
  }
  try {
    const result = JSON.parse(fs.readFileSync(report, 'utf8')) as { numPassedTests: number; numFailedTests: number }
    console.log(`${result.numPassedTests} passed, ${result.numFailedTests} failed`)
    return code !== 0 ? code : result.numFailedTests > 0 ? 1 : 0
  } catch {
    console.log('0 passed, 1 failed') // a runner that exits without its report is a failure
    return code || 1
  }
}

main().then((code) => process.exit(code))
