import path from 'node:path'
import { defineConfig } from 'vitest/config'

const alias = { '@': path.resolve(import.meta.dirname) }
// Integration tests call route handlers in-process; `server-only` refuses any importer but a
// React Server Components bundle, so there it resolves to its empty module (as Next's server build does).
// Server actions read Next's request scope (next/headers) and refresh the page (next/cache): in the
// int tier both come from lib/testing/next-request-scope.ts, filled by RouteClient.act.
const requestScope = path.resolve(import.meta.dirname, 'lib/testing/next-request-scope.ts')
const serverAlias = {
  ...alias,
  'server-only': path.resolve(import.meta.dirname, 'node_modules/server-only/empty.js'),
  'next/headers': requestScope,
  'next/cache': requestScope,
}
const exclude = ['node_modules/**', '.next/**', 'e2e/**', 'data/**']

export default defineConfig({
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['**/*.test.ts', '**/*.test.tsx'],
          exclude: [...exclude, '**/*.int.test.ts', '**/*.cluster.test.ts'],
          environment: 'node',
        },
      },
      {
        resolve: { alias: serverAlias },
        test: {
          name: 'int',
          include: ['**/*.int.test.ts'],
          exclude,
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 120_000,
          pool: 'forks',
          maxWorkers: 2,
        },
      },
      {
        // Against the real local Kubernetes API server (npm run test:cluster starts it).
        resolve: { alias },
        test: {
          name: 'cluster',
          include: ['**/*.cluster.test.ts'],
          exclude,
          environment: 'node',
          // The simulated kubelet runs no pod: the apps' health checks are asked through the real
          // service proxy and recorded, not a gate (a real node under the cluster makes them one).
          env: { HEALTH_GATE: 'report' },
          testTimeout: 300_000,
          hookTimeout: 300_000,
          pool: 'forks',
          maxWorkers: 1,
        },
      },
    ],
  },
})
