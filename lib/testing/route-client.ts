/**
 * Calls the app's route handlers (the functions a `route.ts` exports) in-process, the way Next
 * does: a real `Request` in, a real `Response` out. A client keeps the cookies the routes set, like
 * a browser, and sends our own origin (route handlers refuse cross-site writes) and its own client
 * address (rate limits are per IP; give each simulated visitor one).
 */
import crypto from 'node:crypto'
import { CLIENT_ADDRESS_HEADER, stampClientAddress } from '../http/client-address'
import { withRequestScope, type CookieWrite, type RequestScope } from './next-request-scope'

// The params type differs per route ({ org }, { provider }, …); any handler of ours fits.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type RouteHandler = (request: Request, context: { params: Promise<any> }) => Promise<Response>

export interface RouteResult {
  status: number
  headers: Headers
  /** The parsed JSON body (or the text, when it is not JSON). */
  body: { ok: boolean; data?: unknown; code?: string; message?: string; fieldErrors?: Record<string, string[]> } & Record<string, unknown>
}

export interface CallOptions {
  method?: string
  /** A JSON value (serialized), or a raw string sent as is with `contentType`. */
  json?: unknown
  raw?: string
  contentType?: string
  query?: Record<string, string>
  params?: Record<string, string>
  headers?: Record<string, string>
}

/** A server action as `useActionState` calls it (app/_server/action.ts FormAction). */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type ServerAction = (previous: any, form: FormData) => Promise<any>

export interface ActOutcome<R> {
  /** The action's result; undefined when it redirected or answered not found. */
  result?: Awaited<R>
  /** Where a `redirect()` in the action sent the browser. */
  redirect?: string
  notFound?: boolean
  /** Whether the action asked Next to refresh the page. */
  refreshed: boolean
  /** The cookies the action set or deleted, with their attributes. */
  cookies: CookieWrite[]
}

export class RouteClient {
  readonly cookies = new Map<string, string>()
  readonly ip: string

  constructor(
    readonly baseUrl = 'http://localhost:3000',
    ip?: string,
  ) {
    // 198.18.0.0/15 is for benchmarks and tests: a fresh address per client.
    this.ip = ip ?? `198.18.${crypto.randomInt(0, 256)}.${crypto.randomInt(1, 255)}`
  }

  async call(handler: RouteHandler, path: string, options: CallOptions = {}): Promise<RouteResult> {
    const url = new URL(path, this.baseUrl)
    for (const [key, value] of Object.entries(options.query ?? {})) url.searchParams.set(key, value)
    const method = options.method ?? (options.json === undefined && options.raw === undefined ? 'GET' : 'POST')
    const headers = new Headers({
      origin: new URL(this.baseUrl).origin,
      [CLIENT_ADDRESS_HEADER]: stampClientAddress(this.ip),
      'user-agent': 'route-client',
      ...options.headers,
    })
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; '))
    let body: string | undefined
    if (options.raw !== undefined) {
      body = options.raw
      headers.set('content-type', options.contentType ?? 'application/json')
    } else if (options.json !== undefined) {
      body = JSON.stringify(options.json)
      headers.set('content-type', 'application/json')
    }
    const response = await handler(new Request(url, { method, headers, body }), { params: Promise.resolve(options.params ?? {}) })
    for (const line of response.headers.getSetCookie()) this.keepCookie(line)
    const text = await response.text()
    let parsed: RouteResult['body']
    try {
      parsed = JSON.parse(text)
    } catch {
      parsed = { ok: false, text }
    }
    return { status: response.status, headers: response.headers, body: parsed }
  }

  /**
   * Submits a form to a server action in-process, the way Next runs it: inside a request scope with
   * this client's cookies, origin and address (next/headers is aliased to lib/testing/next-request-scope.ts
   * in the int tier); cookies the action sets are kept. `fields` are the form's fields.
   */
  async act<A extends ServerAction>(
    action: A,
    fields: Record<string, string | string[]> = {},
    options: { headers?: Record<string, string>; previous?: unknown } = {},
  ): Promise<ActOutcome<ReturnType<A>>> {
    const headers = new Headers({
      origin: new URL(this.baseUrl).origin,
      host: new URL(this.baseUrl).host,
      [CLIENT_ADDRESS_HEADER]: stampClientAddress(this.ip),
      'user-agent': 'route-client',
      ...options.headers,
    })
    if (this.cookies.size) headers.set('cookie', [...this.cookies].map(([k, v]) => `${k}=${encodeURIComponent(v)}`).join('; '))
    const form = new FormData()
    for (const [key, value] of Object.entries(fields)) for (const v of Array.isArray(value) ? value : [value]) form.append(key, v)
    const scope: RequestScope = { headers, cookies: new Map(this.cookies), written: [], refreshed: false }
    const outcome: ActOutcome<ReturnType<A>> = { refreshed: false, cookies: scope.written }
    try {
      outcome.result = await withRequestScope(scope, () => action(options.previous ?? null, form))
    } catch (error) {
      const digest = typeof (error as { digest?: unknown })?.digest === 'string' ? (error as { digest: string }).digest : ''
      if (digest.startsWith('NEXT_REDIRECT')) outcome.redirect = digest.split(';')[2]
      else if (digest === 'NEXT_HTTP_ERROR_FALLBACK;404') outcome.notFound = true
      else throw error
    }
    for (const write of scope.written) {
      if (write.value === '' || write.maxAge === 0 || (write.expires && write.expires.getTime() <= Date.now()))
        this.cookies.delete(write.name)
      else this.cookies.set(write.name, write.value)
    }
    outcome.refreshed = scope.refreshed
    return outcome
  }

  private keepCookie(line: string) {
    const [pair, ...attributes] = line.split(';')
    const at = pair!.indexOf('=')
    const name = pair!.slice(0, at).trim()
    const value = decodeURIComponent(pair!.slice(at + 1).trim())
    const expired = attributes.some(
      (a) => /^\s*max-age=0\s*$/i.test(a) || (/^\s*expires=/i.test(a) && Date.parse(a.split('=')[1]!) <= Date.now()),
    )
    if (expired || value === '') this.cookies.delete(name)
    else this.cookies.set(name, value)
  }
}
