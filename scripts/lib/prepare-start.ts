/**
 * `npm start`'s steps before the server (`npm run dev`'s too): the demo logins
 * (DATA_DIR/demo-login.json), the migrations, the seed of an empty database, each reported through
 * `say`. Returns the logins, which start prints once the server is ready with describeLogin — where
 * the generated passwords are kept, never a password.
 */
import type { Env } from '../../lib/env'
import { applyMigrations } from '../../lib/db/migrations'
import { openScriptDatabase } from './database'
import { loadDemoLogin, type DemoLogin } from './demo-login'
import { seed } from './seed'

export async function prepareStart(env: Env, say: (message: string) => void): Promise<DemoLogin> {
  const login = loadDemoLogin(env)
  const database = await openScriptDatabase(env)
  try {
    const { applied } = await applyMigrations(database.sql, { log: (m) => say(m) })
    say(applied.length ? `${applied.length} migration(s) applied` : 'migrations: up to date')
    const report = await seed(database.db, env, login, { onlyIfEmpty: true })
    if (report?.adminCreated) say(`super-admin ${login.adminEmail} created`)
    if (report?.organizations)
      say(
        `seeded demo data: ${report.organizations} organizations, ` +
          `${report.usageSamplesInserted} usage samples, ${report.invoicesInserted} invoices`,
      )
  } finally {
    await database.close()
  }
  return login
}
