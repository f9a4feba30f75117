// `prisma generate` without the native engines: the TypeScript client needs none, but the CLI
// insists on a schema-engine path. Point it at an existing file so it does not try to download one.
import { spawnSync } from 'node:child_process'
import { createRequire } from 'node:module'
import { fileURLToPath } from 'node:url'

const require = createRequire(import.meta.url)
const placeholder = fileURLToPath(import.meta.url)
const cli = require.resolve('prisma/build/index.js')
const result = spawnSync(process.execPath, [cli, 'generate'], {
  stdio: 'inherit',
  env: {
    ...process.env,
    PRISMA_SCHEMA_ENGINE_BINARY: process.env.PRISMA_SCHEMA_ENGINE_BINARY ?? placeholder,
    PRISMA_HIDE_UPDATE_MESSAGE: '1',
    CHECKPOINT_DISABLE: '1',
  },
})
process.exit(result.status ?? 1)
