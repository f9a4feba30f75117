/** Where to go after signing in or up: only same-site paths are followed (no open redirect). */
export function safeNext(next: unknown, fallback: string): string {
  return typeof next === 'string' && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : fallback
}
