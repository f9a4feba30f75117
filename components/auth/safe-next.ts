// Where to go after signing in or up (and after an OAuth sign-in): a path of this site, else the
// fallback. Browsers drop tabs and newlines from a URL and read a backslash as a slash, so
// `/<tab>/evil.example` or `/\evil.example` is `//evil.example`, another site: any control
// character, space or backslash refuses the path, also percent-encoded (a `next` is decoded
// once from the query string, and may be again on its way).
const SITE = 'https://site.invalid'
const UNSAFE = /[\u0000-\u0020\u007f-\u009f\\]/

export function safeNext(next: unknown, fallback: string): string {
  if (typeof next !== 'string' || next.length > 2000) return fallback
  let text = next
  for (let round = 0; ; round++) {
    if (!text.startsWith('/') || text.startsWith('//') || UNSAFE.test(text)) return fallback
    let decoded: string
    try {
      decoded = decodeURIComponent(text)
    } catch {
      return fallback // not valid percent-encoding: nothing a link of ours would make
    }
    if (decoded === text) break
    if (round === 3) return fallback // still encoded after four rounds
    text = decoded
  }
  return new URL(next, SITE).origin === SITE ? next : fallback
}
