/**
 * `next/headers` and `next/cache` for the integration tier (vitest.config.ts aliases both here):
 * server actions read the request's headers and cookies from Next's request scope, which only
 * exists inside a Next server. `withRequestScope` gives one call that scope — the headers a
 * browser would send and a cookie jar the action may write to — so tests call the real action
 * functions in-process (lib/testing/route-client.ts `act`).
 */
import { AsyncLocalStorage } from 'node:async_hooks'

export interface CookieWrite {
  name: string
  value: string
  expires?: Date
  maxAge?: number
  path?: string
  httpOnly?: boolean
  sameSite?: string
}

export interface RequestScope {
  headers: Headers
  cookies: Map<string, string>
  /** Every cookie the action set or deleted (a deletion has an empty value and maxAge 0). */
  written: CookieWrite[]
  refreshed: boolean
}

const storage = new AsyncLocalStorage<RequestScope>()

export function withRequestScope<T>(scope: RequestScope, fn: () => Promise<T>): Promise<T> {
  return storage.run(scope, fn)
}

function scope(): RequestScope {
  const current = storage.getStore()
  if (!current) throw new Error('next/headers was called outside a request scope: call the action through RouteClient.act')
  return current
}

export async function headers(): Promise<Headers> {
  return scope().headers
}

export async function cookies() {
  const s = scope()
  return {
    get: (name: string) => (s.cookies.has(name) ? { name, value: s.cookies.get(name)! } : undefined),
    getAll: () => [...s.cookies].map(([name, value]) => ({ name, value })),
    has: (name: string) => s.cookies.has(name),
    set: (name: string, value: string, options: Omit<CookieWrite, 'name' | 'value'> = {}) => {
      s.cookies.set(name, value)
      s.written.push({ name, value, ...options })
    },
    delete: (name: string) => {
      s.cookies.delete(name)
      s.written.push({ name, value: '', maxAge: 0 })
    },
  }
}

export function refresh(): void {
  scope().refreshed = true
}

export function revalidatePath(): void {
  scope().refreshed = true
}
