// The request context server actions and route handlers pass to lib/ (which never imports Next).
import 'server-only'
import { headers } from 'next/headers'
import type { RequestContext } from '@/lib/http/action'
import { REQUEST_ID_HEADER, requestIdFrom } from '@/lib/http/request-id'

export async function requestContext(): Promise<RequestContext> {
  const h = await headers()
  return {
    requestId: h.get(REQUEST_ID_HEADER) ?? requestIdFrom(h),
    ip: h.get('x-forwarded-for')?.split(',')[0]?.trim() || h.get('x-real-ip') || undefined,
    userAgent: h.get('user-agent') ?? undefined,
  }
}
