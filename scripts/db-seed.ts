// npm run db:seed — idempotent demo data; prints how to sign in.
import { getEnv } from '../lib/env'
import { runCli } from './lib/cli'
import { describeLogin, loadDemoLogin } from './lib/demo-login'
import { openScriptDatabase } from './lib/database'
import { seed } from './lib/seed'

runCli(async () => {
  const env = getEnv()
  const started = Date.now()
  const login = loadDemoLogin(env)
  const database = await openScriptDatabase(env)
  const report = await seed(database.db, env, login, { onlyIfEmpty: false }).finally(() => database.close())
  if (report) {
    console.log(
      `seeded in ${((Date.now() - started) / 1000).toFixed(1)} s: ${report.organizations} organizations, ` +
        `${report.usageSamplesInserted} new usage samples, ${report.invoicesInserted} new invoices` +
        (report.adminCreated ? ', super-admin created' : ''),
    )
  }
  console.log(describeLogin(login, env))
})
