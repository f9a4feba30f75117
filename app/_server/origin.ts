// CSRF for everything that changes state — route handlers and server actions alike: the request
// must come from our own origin (its Origin header, else its Referer). Next's own check of server
// actions lets a request without an Origin header through; this one does not.
import 'server-only'
import { getEnv } from '@/lib/env'
import { AppError } from '@/lib/errors/app-error'

export function assertSameOrigin(request: Request): void {
  check(request.headers, [new URL(request.url).origin], new URL(request.url).protocol)
}

/** The same check from the headers alone (server actions have no Request). */
export function assertSameOriginHeaders(headers: Headers): void {
  check(headers, [], new URL(getEnv().appUrl).protocol)
}

function check(headers: Headers, extra: string[], protocol: string): void {
  const origin = headers.get('origin') ?? refererOrigin(headers.get('referer'))
  const allowed = new Set([new URL(getEnv().appUrl).origin, ...extra])
  const host = headers.get('host')
  if (host) allowed.add(`${protocol}//${host}`)
  if (!origin || origin === 'null' || !allowed.has(origin)) throw new AppError('FORBIDDEN', 'Cross-site request refused')
}

function refererOrigin(referer: string | null): string | null {
  if (!referer) return null
  try {
    return new URL(referer).origin
  } catch {
    return null
  }
}
