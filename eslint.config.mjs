import nextVitals from 'eslint-config-next/core-web-vitals'
import nextTs from 'eslint-config-next/typescript'

const frameworkImports = {
  group: ['next', 'next/*', 'react', 'react-dom'],
  message: 'lib/ is framework-free: keep Next.js and React in app/ and components/.',
}
const outerFolders = ['app', 'components', 'inngest', 'server', 'workflows']
const outerLayerImports = {
  group: outerFolders.flatMap((folder) => [`@/${folder}`, `@/${folder}/*`, `**/../${folder}`, `**/../${folder}/*`]),
  message: 'lib/ is the inner layer: app/, components/, inngest/, server/ and workflows/ import it, never the reverse.',
}

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
    files: ['app/**', 'components/**', 'lib/**', 'inngest/**', 'workflows/**', 'server/**', 'prisma/**', 'instrumentation.ts'],
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
    // Domain code and ports are plain TypeScript: no Next.js imports below app/ and components/,
    // and nothing from the outer folders (the composition root, the workflows, the Inngest
    // adapter, the pages): lib/ is the inner layer and they import it, never the reverse.
    files: ['lib/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [frameworkImports, outerLayerImports] }],
    },
  },
  {
    // Tests and test harnesses are the outermost ring: they wire the real workflows and routes
    // around the code under test. Framework imports stay out of them all the same.
    files: ['lib/**/*.test.ts', 'lib/**/testing/**'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [frameworkImports] }],
    },
  },
  {
    // useTestDatabase() (lib/testing/use-test-database.ts) registers vitest hooks, not React ones.
    files: ['**/*.test.ts'],
    rules: { 'react-hooks/rules-of-hooks': 'off' },
  },
  {
    // No source line over 140 characters, strings, template literals and comments included (Prettier's
    // width, which cannot break those): split them with + or wrap them. Generated code is ignored above.
    files: ['**/*.{ts,tsx,js,mjs}'],
    rules: {
      'max-len': ['error', { code: 140, ignoreUrls: true, ignoreRegExpLiterals: true }],
    },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
]

export default config
