// npm run db:seed — idempotent demo data; prints how to sign in.
import { getEnv } from '../lib/env'
import { runCli } from './lib/cli'
import { describeLogin } from './lib/demo-login'
import { seedConfiguredDatabase } from './lib/seed'

runCli(async () => {
  const env = getEnv()
  const started = Date.now()
  const { login, report } = await seedConfiguredDatabase(env, { onlyIfEmpty: false })
  if (report) {
    console.log(
      `seeded in ${((Date.now() - started) / 1000).toFixed(1)} s: ${report.organizations} organizations, ` +
        `${report.usageSamplesInserted} new usage samples, ${report.invoicesInserted} new invoices${report.adminCreated ? ', super-admin created' : ''}`,
    )
  }
  console.log(describeLogin(login, env.appUrl))
})
