// The shutdown sequence against real http.Servers on loopback: what a request in flight, an idle
// keep-alive connection and a new connection get; drain and close tasks; the bound; repeated signals.
import { EventEmitter } from 'node:events'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { Shutdown, ShutdownAbortError, isShutdownAbort } from './shutdown'

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const servers: http.Server[] = []
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections()
    if (server.listening) await new Promise((r) => server.close(r))
  }
})

/** A server answering /slow?ms=N after N ms, anything else at once. */
async function listen(): Promise<{ server: http.Server; port: number }> {
  const server = http.createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost')
    const ms = Number(url.searchParams.get('ms') ?? 0)
    setTimeout(() => response.end(`done ${url.pathname}`), ms)
  })
  servers.push(server)
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  return { server, port: (server.address() as AddressInfo).port }
}

interface Answer {
  status: number
  connection: string | undefined
  body: string
}

function get(port: number, path: string, agent?: http.Agent): Promise<Answer> {
  return new Promise((resolve, reject) => {
    http
      .get({ host: '127.0.0.1', port, path, agent }, (res) => {
        let body = ''
        res.on('data', (d: Buffer) => (body += d))
        res.on('end', () => resolve({ status: res.statusCode!, connection: res.headers.connection, body }))
        res.on('error', reject)
      })
      .on('error', reject)
  })
}

const settle = <T>(promise: Promise<T>) =>
  promise.then(
    (value) => ({ value }),
    (error: NodeJS.ErrnoException) => ({ error }),
  )

function recorder() {
  const codes: number[] = []
  return { codes, exit: (code: number) => void codes.push(code) }
}

describe('Shutdown', () => {
  it('answers the request in flight with Connection: close, closes idle connections, refuses new ones, closes, exits 0', async () => {
    const { server, port } = await listen()
    const exit = recorder()
    const order: string[] = []
    const shutdown = new Shutdown({ timeoutMs: 10_000, exit: exit.exit })
      .watchHttp()
      .onDrain('runner', async ({ signal }) => {
        order.push('drain start')
        await sleep(300)
        order.push(`drain end (aborted: ${signal.aborted})`)
      })
      .onClose('database', () => void order.push('close database'))
      .onClose('last', () => void order.push('close last'))
    const agent = new http.Agent({ keepAlive: true })
    // An idle keep-alive connection (its request done) and a request in flight on another.
    expect(await get(port, '/first', agent)).toMatchObject({ status: 200, connection: 'keep-alive' })
    const idleSockets = () => Object.values(agent.freeSockets).flat().length
    expect(idleSockets()).toBe(1)
    const slow = settle(get(port, '/slow?ms=700', agent))
    await sleep(100)

    const code = shutdown.begin('SIGTERM')
    await sleep(50)
    expect(shutdown.isShuttingDown).toBe(true)
    expect(server.listening).toBe(false)
    expect(await settle(get(port, '/late'))).toMatchObject({ error: { code: 'ECONNREFUSED' } })
    expect(await slow).toEqual({ value: { status: 200, connection: 'close', body: 'done /slow' } })
    expect(await code).toBe(0)
    expect(exit.codes).toEqual([0])
    expect(order).toEqual(['drain start', 'drain end (aborted: false)', 'close database', 'close last'])
    expect(idleSockets()).toBe(0)
    expect(shutdown.signal.aborted).toBe(false)
    agent.destroy()
  })

  it('stops a server handed over before any request came', async () => {
    const { server, port } = await listen()
    const shutdown = new Shutdown({ timeoutMs: 5_000, exit: () => {} }).addServer(server)
    expect(await shutdown.begin('SIGTERM')).toBe(0)
    expect(await settle(get(port, '/'))).toMatchObject({ error: { code: 'ECONNREFUSED' } })
  })

  it('when the drain runs out of time: aborts its signal, cuts the request in flight, still exits 0 within the bound', async () => {
    const { port } = await listen()
    const exit = recorder()
    let seenAbort: unknown
    const shutdown = new Shutdown({ timeoutMs: 2_000, exit: exit.exit }).watchHttp().onDrain(
      'runner',
      ({ signal }) =>
        new Promise<void>((resolve) =>
          signal.addEventListener('abort', () => {
            seenAbort = signal.reason
            resolve()
          }),
        ),
    )
    const stuck = settle(get(port, '/slow?ms=60000'))
    await sleep(100)
    const started = Date.now()
    expect(await shutdown.begin('SIGTERM')).toBe(0)
    const took = Date.now() - started
    // The drain's share of a 2 s bound is 1.6 s: the rest is left for closing.
    expect(took).toBeGreaterThanOrEqual(1_500)
    expect(took).toBeLessThan(2_000)
    expect(await stuck).toMatchObject({ error: { code: 'ECONNRESET' } })
    expect(isShutdownAbort(seenAbort)).toBe(true)
    expect(seenAbort).toBeInstanceOf(ShutdownAbortError)
    expect(exit.codes).toEqual([0])
  })

  it('exits 1 at the bound when a task hangs, and 1 after the others when a task fails', async () => {
    const hung = recorder()
    const started = Date.now()
    void new Shutdown({ timeoutMs: 600, exit: hung.exit }).onClose('stuck', () => new Promise(() => {})).begin('SIGTERM')
    await sleep(900)
    expect(hung.codes).toEqual([1])
    expect(Date.now() - started).toBeLessThan(900 + 200)

    const failing = recorder()
    const ran: string[] = []
    const code = await new Shutdown({ timeoutMs: 5_000, exit: failing.exit })
      .onDrain('broken', () => {
        throw new Error('boom')
      })
      .onClose('database', () => void ran.push('database'))
      .begin('SIGTERM')
    expect(code).toBe(1)
    expect(ran).toEqual(['database'])
    expect(failing.codes).toEqual([1])
  })

  it('counts a signal repeated within a second as the same one; a later one stops waiting at once', async () => {
    const { port } = await listen()
    const exit = recorder()
    const shutdown = new Shutdown({ timeoutMs: 20_000, exit: exit.exit }).watchHttp()
    const slow = settle(get(port, '/slow?ms=30000'))
    await sleep(100)
    const code = shutdown.begin('SIGINT')
    await sleep(50)
    void shutdown.begin('SIGINT') // the same Ctrl-C, forwarded by the parent
    await sleep(300)
    expect(shutdown.signal.aborted).toBe(false)
    await sleep(800)
    const secondAt = Date.now()
    void shutdown.begin('SIGTERM')
    expect(shutdown.signal.aborted).toBe(true)
    expect(await slow).toMatchObject({ error: { code: 'ECONNRESET' } })
    expect(await code).toBe(0)
    expect(Date.now() - secondAt).toBeLessThan(500)
    expect(exit.codes).toEqual([0])
  })

  it('handles SIGTERM and SIGINT once, and says so when another SIGTERM handler would race it', async () => {
    const target = new EventEmitter() as unknown as NodeJS.Process
    target.on('SIGTERM', () => {}) // e.g. next start without NEXT_MANUAL_SIG_HANDLE
    const warnings: string[] = []
    const log = { debug() {}, info() {}, error() {}, warn: (m: string) => void warnings.push(m), child: () => log }
    const exit = recorder()
    const shutdown = new Shutdown({ timeoutMs: 5_000, exit: exit.exit, log }).handleSignals(target).handleSignals(target)
    expect(warnings).toEqual([expect.stringContaining('NEXT_MANUAL_SIG_HANDLE=true')])
    expect(target.listenerCount('SIGINT')).toBe(1)
    target.emit('SIGTERM', 'SIGTERM')
    expect(shutdown.isShuttingDown).toBe(true)
    await until(() => exit.codes.length > 0)
    expect(exit.codes).toEqual([0])
  })
})

async function until(ok: () => boolean, timeoutMs = 5_000) {
  const deadline = Date.now() + timeoutMs
  while (!ok()) {
    if (Date.now() > deadline) throw new Error('condition not met')
    await sleep(10)
  }
}
