// The HTTP client's failure modes against local servers that misbehave on purpose (the happy
// path and Prometheus' own refusals are covered against the real Prometheus in lib/metering).
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { createPrometheusClient } from './http'
import { PrometheusError } from './port'

let server: http.Server
let base: string
const seen: { path: string; body: string; auth?: string }[] = []

beforeAll(async () => {
  server = http.createServer(async (req, res) => {
    let body = ''
    for await (const chunk of req) body += chunk
    seen.push({ path: req.url ?? '', body, auth: req.headers.authorization })
    if (req.url?.startsWith('/slow/')) return // never answers
    if (req.url?.startsWith('/html/')) return res.writeHead(200, { 'content-type': 'text/html' }).end('<html>proxy login</html>')
    if (req.url?.startsWith('/down/')) return res.writeHead(503).end('upstream unavailable')
    if (req.url?.startsWith('/scalar/'))
      return res.writeHead(200).end(JSON.stringify({ status: 'success', data: { resultType: 'scalar', result: [1, '2'] } }))
    if (req.url?.startsWith('/timeout/'))
      return res
        .writeHead(503)
        .end(JSON.stringify({ status: 'error', errorType: 'timeout', error: 'query timed out in expression evaluation' }))
    res.writeHead(200).end(
      JSON.stringify({
        status: 'success',
        data: { resultType: 'vector', result: [{ metric: { namespace: 'tenant-a' }, value: [1700000000.5, '+Inf'] }] },
      }),
    )
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`
})

afterAll(async () => {
  server.closeAllConnections()
  await new Promise((r) => server.close(r))
})

describe('createPrometheusClient', () => {
  it('posts the query with its time and a server-side timeout, keeps a path prefix and headers', async () => {
    const client = createPrometheusClient({ url: `${base}/prefix/`, timeoutMs: 5_000, headers: { authorization: 'Bearer proxy' } })
    const [sample] = await client.query('up', { time: new Date(1_700_000_000_000) })
    expect(sample).toEqual({ labels: { namespace: 'tenant-a' }, value: Infinity, time: new Date(1_700_000_000_500) })
    const last = seen.at(-1)!
    expect(last.path).toBe('/prefix/api/v1/query')
    expect(Object.fromEntries(new URLSearchParams(last.body))).toEqual({ query: 'up', time: '1700000000.000', timeout: '5s' })
    expect(last.auth).toBe('Bearer proxy')
    expect(client.requestCount()).toBe(1)
  })

  it('gives up after its timeout with a timeout error', async () => {
    const client = createPrometheusClient({ url: `${base}/slow`, timeoutMs: 300 })
    const started = Date.now()
    await expect(client.query('up')).rejects.toMatchObject({
      kind: 'timeout',
      isRetriable: true,
      message: expect.stringContaining('300 ms'),
    })
    expect(Date.now() - started).toBeLessThan(3_000)
  })

  it('names what came back when it is not the API', async () => {
    const html = createPrometheusClient({ url: `${base}/html` })
    await expect(html.query('up')).rejects.toMatchObject({
      kind: 'unexpected_response',
      isRetriable: false,
      message: expect.stringContaining('proxy login'),
    })
    const down = createPrometheusClient({ url: `${base}/down` })
    await expect(down.query('up')).rejects.toMatchObject({ kind: 'server', status: 503, isRetriable: true })
    const timedOut = createPrometheusClient({ url: `${base}/timeout` })
    await expect(timedOut.query('up')).rejects.toMatchObject({ kind: 'timeout', message: expect.stringContaining('query timed out') })
    const scalar = createPrometheusClient({ url: `${base}/scalar` })
    await expect(scalar.query('1')).rejects.toBeInstanceOf(PrometheusError)
    await expect(scalar.queryRange('up', { start: new Date(0), end: new Date(1000), stepSeconds: 0 })).rejects.toMatchObject({
      kind: 'bad_query',
    })
  })
})
