/**
 * npm run admin:create -- --email admin@example.com
 * Creates a super-admin (or promotes an existing user). The password is read from the first line
 * of standard input (`echo "$PW" | npm run admin:create -- --email …`) or from ADMIN_PASSWORD;
 * it is never taken from the command line, where other users of the machine could see it.
 * The admin sets up TOTP at the first sign-in.
 */
import readline from 'node:readline'
import { getEnv } from '../lib/env'
import { createSuperAdmin } from '../lib/auth/create-super-admin'
import { isAppError } from '../lib/errors/app-error'
import { openScriptDatabase } from './lib/database'
import { installDb } from '../lib/db'
import { runCli, UsageError } from './lib/cli'

async function readPassword(): Promise<string> {
  const env = getEnv()
  if (env.ADMIN_PASSWORD) return env.ADMIN_PASSWORD
  if (process.stdin.isTTY)
    throw new UsageError(
      'Pipe the password on standard input, e.g.  read -s PW; echo "$PW" | npm run admin:create -- --email you@example.com',
    )
  const lines = readline.createInterface({ input: process.stdin })
  for await (const line of lines) return line
  throw new UsageError('No password on standard input')
}

runCli(async () => {
  const i = process.argv.indexOf('--email')
  const email = i > 0 ? process.argv[i + 1] : undefined
  if (!email) throw new UsageError('usage: npm run admin:create -- --email admin@example.com   (password on standard input)')
  const password = await readPassword()
  const database = await openScriptDatabase(getEnv())
  installDb(database.db, database.close)
  try {
    const result = await createSuperAdmin({ email, password })
    console.log(
      `super-admin ${email.trim().toLowerCase()} ${JSON.stringify(result)}; set up two-factor authentication at the first sign-in`,
    )
  } catch (error) {
    if (isAppError(error) && error.details.fieldErrors) {
      throw new UsageError(
        Object.entries(error.details.fieldErrors)
          .map(([k, v]) => `${k}: ${v.join(' ')}`)
          .join('\n'),
      )
    }
    throw error
  } finally {
    await database.close()
  }
})
