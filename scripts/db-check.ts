// npm run db:check — fail when schema.prisma and prisma/migrations disagree (part of npm test).
import { diffMigrationsToSchema } from '../lib/db/schema-diff'
import { runCli } from './lib/cli'

runCli(async () => {
  const diff = await diffMigrationsToSchema()
  if (diff.inSync) {
    console.log('schema.prisma and prisma/migrations agree')
    return 0
  }
  console.error('schema.prisma has changes that no migration contains. Create one with: npm run db:migration -- <name>\n')
  console.error(diff.sql)
  return 1
})
