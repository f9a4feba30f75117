// Prisma CLI configuration. Only `prisma generate` is used (the native schema engine cannot be
// downloaded everywhere); migrations run through scripts/db-*.ts, see docs/operations.md.
import { defineConfig } from 'prisma/config'

export default defineConfig({
  schema: 'prisma/schema.prisma',
  migrations: { path: 'prisma/migrations' },
})
