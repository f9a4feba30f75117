// CSRF for route handlers that change state: the request must come from our own origin.
// (Server actions get Next's own origin check.)
import 'server-only'
import { getEnv } from '@/lib/env'
import { AppError } from '@/lib/errors/app-error'

export function assertSameOrigin(request: Request): void {
  const origin = request.headers.get('origin') ?? refererOrigin(request.headers.get('referer'))
  const allowed = new Set([new URL(getEnv().appUrl).origin, new URL(request.url).origin])
  const host = request.headers.get('host')
  if (host) allowed.add(`${new URL(request.url).protocol}//${host}`)
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
