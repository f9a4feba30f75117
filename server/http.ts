/**
 * The web server: Next's request handler behind a Node http.Server of ours (scripts/start.ts
 * runs this file). Owning the server is what lets Tenancy know who connected: each request gets
 * the client address resolved from the socket and X-Forwarded-For by TRUSTED_PROXIES
 * (lib/http/client-address.ts), stamped in a header that replaces whatever the client sent.
 * Next's instrumentation hook boots the rest (server/boot.ts) in this same process.
 */
import http from 'node:http'
import next from 'next'
import { getEnv } from '../lib/env'
import { trustedProxies } from '../lib/http/client-address'
import { processShutdown } from '../lib/os/shutdown'
import { stampRequest } from './client-address'

const dev = process.argv.includes('--dev')
const env = getEnv()
const trusted = trustedProxies(env.TRUSTED_PROXIES)
const app = next({ dev, port: env.PORT })

await app.prepare()
const handle = app.getRequestHandler()
const server = http.createServer((request, response) => {
  stampRequest(request, trusted)
  void handle(request, response)
})
// Known to the shutdown from the start, so a SIGTERM before the first request still closes the listener.
processShutdown().addServer(server)
// Upgrades (development's hot reload) go to Next as they come.
const upgrade = app.getUpgradeHandler()
server.on('upgrade', (request, socket, head) => void upgrade(request, socket, head))
server.listen(env.PORT, () => console.log(`[tenancy] listening on port ${env.PORT}${dev ? ' (development)' : ''}`))
