// npm start's output on a new data directory and on the next start (scripts/lib/prepare-start.ts,
// then the login it prints once the server is ready): never a password — the super-admin's
// generated one would let whoever reads the log first enrol their own TOTP. The passwords are in
// DATA_DIR/demo-login.json, mode 0600, and they sign in. Called in-process (a real start builds
// the app); `npm run db:seed` prints the same lines from a real process (scripts/cli.int.test.ts).
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { describe, expect, it } from 'vitest'
import { verifyPassword } from '../lib/auth/password'
import { createPrisma } from '../lib/db'
import { parseEnv } from '../lib/env'
import { describeLogin } from './lib/demo-login'
import { prepareStart } from './lib/prepare-start'

async function start(source: Record<string, string>) {
  const env = parseEnv({ NODE_ENV: 'development', ...source })
  const lines: string[] = []
  const login = await prepareStart(env, (message) => lines.push(message))
  lines.push(describeLogin(login, env))
  return lines.join('\n')
}

describe('npm start prints how to sign in, never a password', () => {
  it('on the first start of a new data directory and on the second; the file beside the database holds them', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenancy-start-'))
    const first = await start({ DATA_DIR: dataDir })
    const second = await start({ DATA_DIR: dataDir })
    const file = path.join(dataDir, 'demo-login.json')
    const stored = JSON.parse(fs.readFileSync(file, 'utf8')) as { adminEmail: string; adminPassword: string; demoPassword: string }

    expect(first).toContain('super-admin admin@tenancy.local created')
    expect(second).not.toContain('created')
    for (const output of [first, second]) {
      expect(output).not.toContain(stored.adminPassword)
      expect(output).not.toContain(stored.demoPassword)
      expect(output).toContain(`Super-admin  admin@tenancy.local / <generated, kept in ${path.join(dataDir, 'demo-login.json')}>`)
      expect(output).toContain('Tenant owner alice@acme.test / <generated, kept in')
    }
    expect(fs.statSync(file).mode & 0o777).toBe(0o600)

    const { client, close } = await createPrisma({ kind: 'pglite', dir: path.join(dataDir, 'pglite') })
    try {
      const admin = await client.user.findUniqueOrThrow({ where: { email: stored.adminEmail } })
      expect(admin.isSuperAdmin).toBe(true)
      expect(await verifyPassword(admin.passwordHash!, stored.adminPassword)).toBe(true)
      const owner = await client.user.findUniqueOrThrow({ where: { email: 'alice@acme.test' } })
      expect(await verifyPassword(owner.passwordHash!, stored.demoPassword)).toBe(true)
    } finally {
      await close()
    }
  })

  it('never prints an ADMIN_PASSWORD from the environment, and keeps the file private when it was not', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenancy-start-'))
    fs.writeFileSync(path.join(dataDir, 'demo-login.json'), '{}\n', { mode: 0o644 })
    const password = 'Operator-Chosen-Passphrase-9'
    const output = await start({ DATA_DIR: dataDir, SEED_DEMO: 'false', ADMIN_EMAIL: 'ops@example.test', ADMIN_PASSWORD: password })
    expect(output).not.toContain(password)
    expect(fs.readFileSync(path.join(dataDir, 'demo-login.json'), 'utf8')).not.toContain(password)
    expect(fs.statSync(path.join(dataDir, 'demo-login.json')).mode & 0o777).toBe(0o600)
    expect(output).toContain('super-admin ops@example.test created')
    expect(output).toContain('Super-admin  ops@example.test / <the ADMIN_PASSWORD you set>')
  })
})
