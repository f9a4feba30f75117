// The request context server actions and route handlers pass to lib/ (which never imports Next).
import 'server-only'
import { headers } from 'next/headers'
import type { RequestContext } from '@/lib/http/request-context'
import { REQUEST_ID_HEADER, requestIdFrom } from '@/lib/http/request-id'
import { clientIp } from './route'

export async function requestContext(): Promise<RequestContext> {
  const h = await headers()
  return {
    requestId: h.get(REQUEST_ID_HEADER) ?? requestIdFrom(h),
    ip: clientIp(h),
    userAgent: h.get('user-agent') ?? undefined,
  }
}
