// A real DNS server (Knot, lib/testing/dns-server.ts) for the browser tests, as a process that
// playwright.config.ts starts: the app resolves custom-domain proofs through it (DNS_SERVERS), and
// a spec publishes a record as a customer would at their DNS host, through a small HTTP control
// port on the loopback: POST /records {name, type, value}.
import http from 'node:http'
import { z } from 'zod'
import { startDnsServer } from '../../lib/testing/dns-server'

const dnsPort = Number(process.env.E2E_DNS_PORT)
const controlPort = Number(process.env.E2E_DNS_CONTROL_PORT)
const dns = await startDnsServer({ zones: ['example.com'], port: dnsPort })
const record = z.object({ name: z.string().min(1).max(253), type: z.enum(['TXT', 'CNAME', 'A']), value: z.string().min(1).max(255) })

const control = http.createServer(async (request, response) => {
  let body = ''
  for await (const chunk of request) body += chunk
  const parsed = request.method === 'POST' && request.url === '/records' ? record.safeParse(JSON.parse(body || 'null')) : null
  if (!parsed?.success) {
    response.writeHead(request.url === '/records' ? 422 : 404).end()
    return
  }
  await dns.publish(parsed.data)
  response.writeHead(204).end()
})
control.listen(controlPort, '127.0.0.1', () => console.log(`dns test server on ${dns.server}, control on ${controlPort}`))
for (const signal of ['SIGINT', 'SIGTERM'] as const)
  process.on(signal, () => void dns.stop().then(() => control.close(() => process.exit(0))))
