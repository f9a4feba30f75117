// Runs before every page and route: gives each request an id (kept from a trusted proxy when
// well-formed) that logs and error messages carry, and returns it to the caller.
import { NextResponse, type NextRequest } from 'next/server'
import { REQUEST_ID_HEADER, requestIdFrom } from '@/lib/http/request-id'

export function proxy(request: NextRequest) {
  const requestId = requestIdFrom(request.headers)
  const headers = new Headers(request.headers)
  headers.set(REQUEST_ID_HEADER, requestId)
  const response = NextResponse.next({ request: { headers } })
  response.headers.set(REQUEST_ID_HEADER, requestId)
  return response
}

export const config = {
  matcher: ['/((?!_next/static|_next/image|favicon.ico).*)'],
}
