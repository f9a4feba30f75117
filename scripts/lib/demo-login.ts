/**
 * The credentials the demo seed uses. ADMIN_EMAIL / ADMIN_PASSWORD win when set; otherwise a
 * random password is generated once and kept in DATA_DIR/demo-login.json (mode 0600, git-ignored).
 * `npm start` and `db:seed` print where it is, never the password itself: a log is read by more
 * people than the data directory, and whoever signs in first with the super-admin's password
 * enrols the TOTP that guards the console. Reading the file needs what reading the embedded
 * database beside it needs (docs/decisions.md, issue 14).
 */
import crypto from 'node:crypto'
import fs from 'node:fs'
import path from 'node:path'
import type { Env } from '../../lib/env'

export interface DemoLogin {
  adminEmail: string
  adminPassword: string
  /** Password of the seeded tenant owners (alice@acme.test, …). */
  demoPassword: string
  /** False when ADMIN_PASSWORD came from the environment (then it is not printed). */
  isAdminPasswordGenerated: boolean
}

function fileOf(env: Env) {
  return path.resolve(env.DATA_DIR, 'demo-login.json')
}

function generate(): string {
  // 16 characters from an unambiguous alphabet: ~93 bits.
  const alphabet = 'abcdefghjkmnpqrstuvwxyzABCDEFGHJKMNPQRSTUVWXYZ23456789'
  return Array.from(crypto.randomBytes(16), (b) => alphabet[b % alphabet.length]).join('')
}

export function loadDemoLogin(env: Env): DemoLogin {
  const file = fileOf(env)
  let stored: Partial<DemoLogin> = {}
  if (fs.existsSync(file)) stored = JSON.parse(fs.readFileSync(file, 'utf8')) as Partial<DemoLogin>
  const login: DemoLogin = {
    adminEmail: env.ADMIN_EMAIL ?? stored.adminEmail ?? 'admin@tenancy.local',
    adminPassword: env.ADMIN_PASSWORD ?? stored.adminPassword ?? generate(),
    demoPassword: stored.demoPassword ?? generate(),
    isAdminPasswordGenerated: !env.ADMIN_PASSWORD,
  }
  const toStore = {
    adminEmail: login.adminEmail,
    adminPassword: env.ADMIN_PASSWORD ? undefined : login.adminPassword,
    demoPassword: login.demoPassword,
  }
  fs.mkdirSync(path.dirname(file), { recursive: true })
  fs.writeFileSync(file, JSON.stringify(toStore, null, 2) + '\n', { mode: 0o600 })
  fs.chmodSync(file, 0o600) // the mode of writeFileSync applies to a new file only
  return login
}

/** How to sign in, for the log: the addresses, and where the generated passwords are (never a password). */
export function describeLogin(login: DemoLogin, env: Env): string {
  const kept = `<generated, kept in ${path.join(env.DATA_DIR, 'demo-login.json')}>`
  const lines = [`  Open         ${env.appUrl}`]
  if (env.SEED_DEMO || env.ADMIN_EMAIL)
    lines.push(`  Super-admin  ${login.adminEmail} / ${login.isAdminPasswordGenerated ? kept : '<the ADMIN_PASSWORD you set>'}`)
  if (env.SEED_DEMO) lines.push(`  Tenant owner alice@acme.test / ${kept}   (also gary@globex.test, ida@initech.test)`)
  return lines.join('\n')
}
