// npm run db:migration -- <name> — create the next migration from prisma/schema.prisma
// (Prisma's schema engine as WebAssembly; no native binary, no network).
import { createMigration } from '../lib/db/schema-diff'
import { runCli, UsageError } from './lib/cli'

runCli(async () => {
  const name = process.argv[2]
  if (!name) throw new UsageError('usage: npm run db:migration -- <name>   (lower-case words joined by _, e.g. add_invoice_notes)')
  const { created } = await createMigration(name)
  console.log(
    created
      ? `created prisma/migrations/${created}/migration.sql — review it, then npm run db:migrate`
      : 'schema.prisma matches the migrations: nothing to create',
  )
})
