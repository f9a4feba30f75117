/**
 * npm start — one command from a fresh clone to a running system:
 *   validate configuration → apply migrations → seed an empty database → build when missing or
 *   stale → start the web server (server/http.ts; it runs the background worker in the same process) →
 *   wait until /api/readyz answers 200 → print what to open and how to sign in (where the generated
 *   passwords are kept: DATA_DIR/demo-login.json, mode 0600; a password is never printed).
 * `npm run dev` does the same with Next in development mode and no build.
 */
import { spawn, spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { getEnv } from '../lib/env'
import { getApps } from '../lib/apps/catalog'
import { getCatalog } from '../lib/plans/catalog'
import { runCli } from './lib/cli'
import { describeLogin } from './lib/demo-login'
import { prepareStart } from './lib/prepare-start'
import { isBuildCurrent, writeBuildStamp } from './lib/build-stamp'
import { loadOrCreateLocalSecret } from './lib/local-secret'

const require = createRequire(import.meta.url)
const nextBin = require.resolve('next/dist/bin/next')
const isDev = process.argv.includes('--dev')
const say = (message: string) => console.log(`[tenancy] ${message}`)

async function waitForReady(url: string, timeoutMs: number, child: { exitCode: number | null }): Promise<boolean> {
  const deadline = Date.now() + timeoutMs
  while (Date.now() < deadline && child.exitCode === null) {
    try {
      const response = await fetch(url)
      if (response.ok) return true
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 250))
  }
  return false
}

runCli(async () => {
  const t0 = Date.now()
  const env = getEnv()
  getCatalog() // a bad PLANS_FILE stops here, before anything is built or migrated
  getApps() // and so does a bad APPS_FILE
  say(`database: ${env.database.kind === 'pglite' ? `embedded PGlite (${env.database.dir})` : 'PostgreSQL (DATABASE_URL)'}`)

  const login = await prepareStart(env, say)

  if (!isDev) {
    const build = isBuildCurrent()
    if (!build.current) {
      say(`building (${build.reason}) — this takes a minute once`)
      const result = spawnSync(process.execPath, [nextBin, 'build'], {
        stdio: 'inherit',
        env: { ...process.env, NEXT_TELEMETRY_DISABLED: '1' },
      })
      if (result.status !== 0) {
        console.error('[tenancy] next build failed')
        return 1
      }
      writeBuildStamp()
    } else say('build: current')
  }

  const serverEnv: NodeJS.ProcessEnv = { ...process.env, NEXT_TELEMETRY_DISABLED: '1' }
  if (!env.hasAuthSecret) {
    serverEnv.AUTH_SECRET = loadOrCreateLocalSecret(env.DATA_DIR)
    say(`AUTH_SECRET not set: using a generated one kept in ${env.DATA_DIR}/auth-secret (set AUTH_SECRET in production)`)
  }
  // server/http.ts: Next's handler behind our own http.Server (it resolves each client's address).
  // Node runs it with tsx as its loader only: the tsx CLI would put a wrapper process in between, and
  // that wrapper SIGKILLs a child whose event loop is busy when a signal comes (the drain never runs).
  const child = spawn(process.execPath, ['--import', 'tsx', 'server/http.ts', ...(isDev ? ['--dev'] : [])], {
    stdio: 'inherit',
    env: serverEnv,
  })
  const forward = (signal: NodeJS.Signals) => child.kill(signal)
  process.on('SIGINT', forward)
  process.on('SIGTERM', forward)

  const local = `http://127.0.0.1:${env.PORT}`
  if (await waitForReady(`${local}/api/readyz`, isDev ? 180_000 : 60_000, child)) {
    say(`ready in ${((Date.now() - t0) / 1000).toFixed(1)} s\n\n${describeLogin(login, env)}\n`)
  } else if (child.exitCode === null) {
    say(`the server did not become ready; see ${local}/api/readyz`)
  }
  return new Promise<number>((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 0 : 1))))
})
