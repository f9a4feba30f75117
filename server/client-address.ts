/**
 * What server/http.ts does to each request before Next sees it: the client address resolved from
 * the socket and the trusted proxies' X-Forwarded-For (TRUSTED_PROXIES), written into the stamped
 * header app/_server/route.ts reads, replacing any such header the client sent.
 */
import type http from 'node:http'
import { CLIENT_ADDRESS_HEADER, resolveClientAddress, stampClientAddress, type TrustedProxies } from '../lib/http/client-address'

export function stampRequest(request: http.IncomingMessage, trusted: TrustedProxies): void {
  const forwardedFor = request.headers['x-forwarded-for']
  request.headers[CLIENT_ADDRESS_HEADER] = stampClientAddress(
    resolveClientAddress({
      socketAddress: request.socket.remoteAddress,
      forwardedFor: Array.isArray(forwardedFor) ? forwardedFor.join(',') : forwardedFor,
      trusted,
    }),
  )
}
