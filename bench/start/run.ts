/**
 * bench/start — `npm start` from launch to /api/readyz answering 200, in seconds:
 *   cold      empty data directory and no build: migrate, seed, next build, start
 *   new data  empty data directory, build current: migrate, seed, start
 *   warm      the same data directory again: the everyday second start
 * Each case runs the real start script on its own port and data directory; the server is stopped after.
 * usage: npm run bench:start [-- --runs 3]   (rebuilds .next once for the cold case)
 */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { median, numberArg } from '../lib/args'

const PORT = 3210
const RUNS = numberArg('runs', 3)
const tsx = path.resolve('node_modules/tsx/dist/cli.mjs')

async function startOnce(dataDir: string): Promise<number> {
  const started = performance.now()
  const child = spawn(process.execPath, [tsx, 'scripts/start.ts'], {
    env: { ...process.env, DATA_DIR: dataDir, PORT: String(PORT), DATABASE_URL: '', LOG_LEVEL: 'warn' },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  })
  let output = ''
  child.stdout.on('data', (d) => (output += d))
  child.stderr.on('data', (d) => (output += d))
  try {
    const deadline = Date.now() + 600_000
    while (Date.now() < deadline) {
      if (child.exitCode !== null) throw new Error(`start exited early:\n${output}`)
      try {
        if ((await fetch(`http://127.0.0.1:${PORT}/api/readyz`)).ok) return (performance.now() - started) / 1000
      } catch {
        // not up yet
      }
      await new Promise((r) => setTimeout(r, 100))
    }
    throw new Error('not ready within 10 minutes')
  } finally {
    process.kill(-child.pid!, 'SIGTERM')
    await new Promise((r) => child.once('exit', r))
  }
}

async function main() {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'tenancy-bench-start-'))
  const results: [string, number[]][] = [
    ['cold (no data, no build)', []],
    ['new data, build current', []],
    ['warm (second start)', []],
  ]
  fs.rmSync('.next/tenancy-build.json', { force: true }) // forces one rebuild
  results[0]![1].push(await startOnce(path.join(root, 'cold')))
  for (let run = 0; run < RUNS; run++) {
    const dir = path.join(root, `run-${run}`)
    results[1]![1].push(await startOnce(dir))
    results[2]![1].push(await startOnce(dir))
  }
  fs.rmSync(root, { recursive: true, force: true })
  console.log(`bench/start: npm start until /api/readyz is 200 (${os.cpus().length} cores), seconds`)
  for (const [name, xs] of results)
    console.log(`${name.padEnd(28)} median ${median(xs).toFixed(1).padStart(6)}   runs ${xs.map((x) => x.toFixed(1)).join(', ')}`)
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error)
    process.exit(1)
  },
)
