/** Where to go after signing in or up: only same-site paths are followed (no open redirect). */
export function safeNext(next: string | undefined | null, fallback: string): string {
  return next && next.startsWith('/') && !next.startsWith('//') && !next.startsWith('/\\') ? next : fallback
}
