// Glue for JSON route handlers: origin check (state-changing methods), request context, one
// domain call, and every outcome mapped to a status — AppError codes, 422 for zod errors,
// 429 with Retry-After, 500 with a request id for anything unexpected.
import 'server-only'
import { NextResponse } from 'next/server'
import { withDbScope } from '@/lib/db'
import { AppError } from '@/lib/errors/app-error'
import { rejectNul, rejectNulInPath, validationError } from '@/lib/errors/input'
import { CLIENT_ADDRESS_HEADER, readStampedClientAddress } from '@/lib/http/client-address'
import type { RequestContext } from '@/lib/http/request-context'
import { REQUEST_ID_HEADER, requestIdFrom } from '@/lib/http/request-id'
import { failure, statusOf } from '@/lib/http/result'
import { log } from '@/lib/log/logger'
import { assertSameOrigin } from './origin'

/**
 * The client address for rate limits and audit: the one server/http.ts resolved from the
 * connection and the trusted proxies' X-Forwarded-For (TRUSTED_PROXIES), in its stamped header.
 * Undefined without that server in front: a header a client writes is never believed.
 */
export function clientIp(headers: Headers): string | undefined {
  return readStampedClientAddress(headers.get(CLIENT_ADDRESS_HEADER))
}

export function contextOf(request: Request): RequestContext {
  return {
    requestId: requestIdFrom(request.headers),
    ip: clientIp(request.headers),
    userAgent: request.headers.get('user-agent') ?? undefined,
  }
}

export const BODY_NOT_OBJECT_MESSAGE = 'Send the fields as a JSON object, like {"email": "…"}.'

/**
 * The body's fields: a JSON object or a form. Not JSON → 400; JSON but not an object → 422 on
 * `_form`; a NUL in any value → 422 on its field (lib/errors/input.ts rejectNul).
 */
export async function readJson(request: Request): Promise<Record<string, unknown>> {
  const type = request.headers.get('content-type') ?? ''
  if (type.includes('application/json')) {
    let body: unknown
    try {
      body = await request.json()
    } catch {
      throw new AppError('BAD_REQUEST', 'The request body is not valid JSON')
    }
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw validationError({ _form: [BODY_NOT_OBJECT_MESSAGE] })
    rejectNul(body as Record<string, unknown>)
    return body as Record<string, unknown>
  }
  if (type.includes('form')) {
    const fields = Object.fromEntries((await request.formData()).entries())
    rejectNul(fields)
    return fields
  }
  throw new AppError('BAD_REQUEST', 'Send JSON or a form')
}

export function jsonRoute(handler: (request: Request, ctx: RequestContext) => Promise<NextResponse | unknown>) {
  return async (request: Request): Promise<Response> => {
    const ctx = contextOf(request)
    try {
      if (request.method !== 'GET' && request.method !== 'HEAD') assertSameOrigin(request)
      rejectNulInPath(request.url) // a NUL in a path segment names nothing: 404, not a failed query
      // No database scope unless the handler's glue (orgRoute, adminReadRoute) or use case sets one.
      const result = await withDbScope({}, () => handler(request, ctx))
      if (result instanceof NextResponse) return result
      return NextResponse.json({ ok: true, data: result ?? null }, { headers: { [REQUEST_ID_HEADER]: ctx.requestId } })
    } catch (error) {
      const body = failure(error, log, ctx.requestId)
      const headers: Record<string, string> = { [REQUEST_ID_HEADER]: ctx.requestId }
      if (error instanceof AppError && error.details.retryAfterSeconds !== undefined)
        headers['retry-after'] = String(error.details.retryAfterSeconds)
      return NextResponse.json(body, { status: statusOf(body), headers })
    }
  }
}
