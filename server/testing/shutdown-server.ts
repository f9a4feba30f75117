/**
 * A server process for server/shutdown.int.test.ts: Tenancy booted the way the web server boots it
 * (server/boot.ts: configuration, database, embedded runner, signal handlers) behind a plain
 * http.Server standing in for Next's. Nothing here hands the server to the shutdown: boot finds it
 * by itself, as it finds Next's.
 *   POST /upload      reads the whole body, then answers its size
 *   GET  /slow?ms=N   answers after N ms
 * Prints "listening <port>" once it accepts connections, and "arrived <path>" when a request to
 * /upload or /slow has reached the handler (for /upload: once its first bytes are read), so that a
 * test signals only after its request is in flight instead of guessing how long that takes.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { boot } from '../boot'

await boot({ worker: true })

const server = http.createServer((request, response) => {
  const url = new URL(request.url ?? '/', 'http://localhost')
  if (request.method === 'POST' && url.pathname === '/upload') {
    let bytes = 0
    request.on('data', (chunk: Buffer) => {
      if (bytes === 0) console.log(`arrived ${url.pathname}`)
      bytes += chunk.length
    })
    request.on('end', () => response.end(JSON.stringify({ bytes })))
    return
  }
  if (url.pathname === '/slow') {
    console.log(`arrived ${url.pathname}`)
    setTimeout(() => response.end('slow done'), Number(url.searchParams.get('ms') ?? 1_000))
    return
  }
  response.end('ok')
})
server.listen(0, '127.0.0.1', () => console.log(`listening ${(server.address() as AddressInfo).port}`))
