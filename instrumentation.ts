// Next.js calls register() once when a server starts. The Node.js server boots Tenancy: config,
// database, and (embedded mode) the background worker in the same process, which is what lets
// the web server and the jobs share one embedded PGlite database safely.
export async function register() {
  // NEXT_RUNTIME is inlined by Next at build time; it is the one variable read outside lib/env.ts.
  // eslint-disable-next-line no-restricted-properties
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    const { boot } = await import('./server/boot')
    await boot({ worker: true })
  }
}
