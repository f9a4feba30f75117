// The command-line entry points as a user runs them: real processes, real embedded database.
import { spawnSync } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { createRequire } from 'node:module'
import { describe, expect, it } from 'vitest'
import { createPrisma } from '../lib/db'
import { verifyPassword } from '../lib/auth/password'

const require = createRequire(import.meta.url)
const tsx = require.resolve('tsx/cli')

function run(script: string, env: Record<string, string>, args: string[] = []) {
  const base: Record<string, string> = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', NODE_ENV: 'development' }
  const result = spawnSync(process.execPath, [tsx, script, ...args], {
    env: { ...base, ...env } as NodeJS.ProcessEnv,
    encoding: 'utf8',
    timeout: 120_000,
  })
  return { code: result.status, stdout: result.stdout, stderr: result.stderr }
}

// An operator's plan file with a price that is not a number of cents.
const badPlansFile = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tenancy-plans-')), 'plans.json')
fs.writeFileSync(badPlansFile, JSON.stringify({ plans: [{ id: 'pro', priceCents: 49.5 }] }))
// An operator's app file whose values mapping names a secret the app does not declare.
const badAppsFile = path.join(path.dirname(badPlansFile), 'apps.json')
fs.writeFileSync(
  badAppsFile,
  JSON.stringify({
    apps: [
      {
        id: 'notes',
        name: 'Notes',
        description: '',
        chart: { path: 'charts/notes', version: '1.0.0' },
        versions: [{ chart: '1.0.0', app: '1.0.0' }],
        defaultVersion: '1.0.0',
        components: [{ name: 'web', cpuShare: 1, memoryShare: 1, replicas: 1 }],
        exposure: {},
        egress: 'dns',
        health: { service: 'web', port: 80, path: '/' },
        values: { 'db.password': { fact: 'secret.db-password' } },
      },
    ],
  }),
)

describe('bad configuration', () => {
  it.each([
    ['scripts/start.ts', { PLANS_FILE: badPlansFile }, 'PLANS_FILE'],
    ['scripts/start.ts', { APPS_FILE: badAppsFile }, 'APPS_FILE'],
    ['scripts/db-migrate.ts', { DATABASE_URL: 'mysql://root:hunter2@db/app' }, 'DATABASE_URL'],
    ['scripts/start.ts', { JOBS_MODE: 'cloud' }, 'JOBS_MODE'],
    ['scripts/db-seed.ts', { PORT: 'eighty' }, 'PORT'],
    ['scripts/start.ts', { TRUSTED_PROXIES: '10.0.0.0/8, everyone' }, 'TRUSTED_PROXIES'],
  ])('%s with a bad %s exits non-zero with one line naming it', (script, env, variable) => {
    const { code, stdout, stderr } = run(script, env)
    expect(code).toBe(2)
    expect(stdout).toBe('')
    const lines = stderr.trim().split('\n')
    expect(lines).toHaveLength(1)
    expect(lines[0]).toMatch(new RegExp(`^Invalid configuration: ${variable} `))
    expect(stderr).not.toMatch(/\n\s+at /) // no stack trace
    expect(stderr).not.toContain('hunter2')
  })

  it('refuses to start in production without a real AUTH_SECRET', () => {
    const { code, stderr } = run('scripts/start.ts', { NODE_ENV: 'production', AUTH_SECRET: 'changeme', DATA_DIR: os.tmpdir() })
    expect(code).toBe(2)
    expect(stderr.trim()).toBe('Invalid configuration: AUTH_SECRET is a placeholder; set a real secret for production')
  })
})

describe('npm run worker', () => {
  it('refuses the embedded database, which only the web server process may open', () => {
    const { code, stderr } = run('scripts/worker.ts', { DATA_DIR: os.tmpdir() })
    expect(code).toBe(2)
    expect(stderr).toMatch(/needs DATABASE_URL/)
  })
})

describe('db:migrate and db:seed on a fresh embedded database', () => {
  it('migrates, seeds, prints where the login is (never a password), and re-runs as no-ops', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenancy-cli-'))
    const env = { DATA_DIR: dataDir }

    const migrate = run('scripts/db-migrate.ts', env)
    expect(migrate.code).toBe(0)
    expect(migrate.stdout).toMatch(/applied \d{14}_init/)
    expect(run('scripts/db-migrate.ts', env).stdout).toContain('database is up to date')

    const seed = run('scripts/db-seed.ts', env)
    expect(seed.code).toBe(0)
    const again = run('scripts/db-seed.ts', env)
    expect(again.stdout).toContain('0 new usage samples, 0 new invoices')
    // The generated passwords stay in the data directory's file (mode 0600): neither run prints one.
    const file = path.join(dataDir, 'demo-login.json')
    const { adminEmail: email, adminPassword: password, demoPassword } = JSON.parse(fs.readFileSync(file, 'utf8'))
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)
    for (const output of [seed.stdout + seed.stderr, again.stdout + again.stderr]) {
      expect(output).not.toContain(password)
      expect(output).not.toContain(demoPassword)
      expect(output).toContain(`Super-admin  ${email} / <generated, kept in ${file}>`)
    }

    const { client, close } = await createPrisma({ kind: 'pglite', dir: path.join(dataDir, 'pglite') })
    try {
      const admin = await client.user.findUniqueOrThrow({ where: { email: email! } })
      expect(admin.isSuperAdmin).toBe(true)
      expect(await verifyPassword(admin.passwordHash!, password!)).toBe(true)
      expect(await client.organization.count()).toBe(3)
    } finally {
      await close()
    }
  })
})
