/**
 * Entry-point wrapper for scripts: expected failures (bad configuration, a failed migration)
 * print one clear line and exit non-zero without a stack trace.
 */
import { ConfigError } from '../../lib/env'
import { MigrationError } from '../../lib/db/migrations'

export function runCli(main: () => Promise<number | void>): void {
  main()
    .then((code) => process.exit(code ?? 0))
    .catch((error: unknown) => {
      if (error instanceof ConfigError) {
        process.stderr.write(`${error.message}\n`)
        process.exit(2)
      }
      if (error instanceof MigrationError) {
        process.stderr.write(`${error.message}\n`)
        process.exit(1)
      }
      if (error instanceof UsageError) {
        process.stderr.write(`${error.message}\n`)
        process.exit(2)
      }
      process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`)
      process.exit(1)
    })
}

export class UsageError extends Error {}
