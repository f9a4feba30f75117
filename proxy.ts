// Runs before every page and route: gives each request an id (kept from a trusted proxy when
// well-formed) that logs and error messages carry, and returns it to the caller; and stamps the
// security headers (lib/http/security-headers.ts). The CSP with this request's nonce also goes on the
// request, replacing whatever the client sent: Next reads the nonce there and puts it on its scripts.
// A path with a NUL is answered 404 here.
import { NextResponse, type NextRequest } from 'next/server'
import { getEnv } from '@/lib/env'
import { REQUEST_ID_HEADER, requestIdFrom } from '@/lib/http/request-id'
import { CSP_HEADER, NONCE_HEADER, createNonce, policyOptionsFromEnv, responseSecurityHeaders } from '@/lib/http/security-headers'

export function proxy(request: NextRequest) {
  const requestId = requestIdFrom(request.headers)
  const nonce = createNonce()
  const security = responseSecurityHeaders(nonce, policyOptionsFromEnv(getEnv()), request.nextUrl.pathname)
  // A NUL in the path names no page and could only reach a query (PostgreSQL refuses it): not found.
  if (/%00/.test(request.nextUrl.pathname) || request.nextUrl.pathname.includes('\0'))
    return new NextResponse('Not found', { status: 404, headers: { ...security, [REQUEST_ID_HEADER]: requestId } })
  const headers = new Headers(request.headers)
  headers.set(REQUEST_ID_HEADER, requestId)
  headers.set(NONCE_HEADER, nonce)
  headers.set(CSP_HEADER, security[CSP_HEADER]!)
  const response = NextResponse.next({ request: { headers } })
  response.headers.set(REQUEST_ID_HEADER, requestId)
  for (const [name, value] of Object.entries(security)) response.headers.set(name, value)
  return response
}

// Built assets (immutable, cacheable) are left out: next.config.ts gives them the static headers.
export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
}
