// What the auth integration tests add to the harness (lib/testing/use-test-database.ts): request
// details with a fresh client address per call, so rate limits of one test never reach the next.

/** A factory of request details, each call with a new IP address. */
export function clientContexts(): () => { ip: string; userAgent: string; requestId: string } {
  let counter = 0
  return () => ({ ip: `192.0.2.${++counter}`, userAgent: 'vitest', requestId: `req-${counter}` })
}
