import nextVitals from 'eslint-config-next/core-web-vitals'
import nextTs from 'eslint-config-next/typescript'

const config = [
  ...nextVitals,
  ...nextTs,
  {
    ignores: [
      'node_modules/**',
      '.next/**',
      'data/**',
      'lib/db/generated/**',
      'next-env.d.ts',
      'test-results/**',
      'playwright-report/**',
      '.test-output/**',
    ],
  },
  {
    // lib/env.ts is the only reader of the environment in the application.
    files: ['app/**', 'components/**', 'lib/**', 'inngest/**', 'workflows/**', 'prisma/**', 'instrumentation.ts'],
    // Tests and test harnesses are tools: they may pass the environment on to processes they start.
    ignores: ['lib/env.ts', '**/*.test.ts', '**/testing/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        { object: 'process', property: 'env', message: 'Read configuration through getEnv() from lib/env.ts.' },
      ],
    },
  },
  {
    // Domain code and ports are plain TypeScript: no Next.js imports below app/ and components/.
    files: ['lib/**'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['next', 'next/*', 'react', 'react-dom'],
              message: 'lib/ is framework-free: keep Next.js and React in app/ and components/.',
            },
          ],
        },
      ],
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
]

export default config
