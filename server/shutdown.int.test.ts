// Shutdown of a real server process: server/boot.ts booted in a child (database, embedded runner,
// its signal handlers) behind an http.Server standing in for Next's (server/testing/shutdown-server.ts),
// sent real signals. The production build itself is exercised by e2e/shutdown.spec.ts.
import { spawn, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import os from 'node:os'
import path from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { createPrisma } from '../lib/db'
import { copyTemplate } from '../lib/db/pglite-template'
import { createTestDatabase, migratedTemplate, serverUrl } from '../lib/testing/test-db'
import { until } from '../lib/testing/until'

interface ServerProcess {
  proc: ChildProcess
  port: number
  lines: string[]
  exited: Promise<{ code: number | null; at: number }>
  /** Resolves once the fixture has printed "arrived <path>": the request is in the server's hands. */
  arrived(path: string): Promise<void>
  heartbeat(): Promise<{ stoppedAt?: Date | null } | null>
  drop(): Promise<void>
}

let started: ServerProcess[] = []
afterEach(async () => {
  for (const server of started) {
    if (server.proc.exitCode === null && server.proc.signalCode === null) server.proc.kill('SIGKILL')
    await server.exited
    await server.drop()
  }
  started = []
})

/** The fixture server on a database of its own (a PGlite directory, or a fresh PostgreSQL database). */
async function startServer(shutdownSeconds: number): Promise<ServerProcess> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenancy-shutdown-'))
  let databaseUrl = ''
  let dropPostgres = async () => {}
  if (serverUrl()) {
    const fresh = await createTestDatabase()
    databaseUrl = fresh.url!
    dropPostgres = () => fresh.close()
  } else {
    fs.renameSync(copyTemplate(await migratedTemplate()), path.join(dataDir, 'pglite'))
  }
  const proc = spawn(process.execPath, ['--import', 'tsx', 'server/testing/shutdown-server.ts'], {
    env: {
      ...process.env,
      DATA_DIR: dataDir,
      DATABASE_URL: databaseUrl,
      WORKER: 'embedded',
      JOBS_MODE: 'embedded',
      CLUSTER_MODE: 'dry-run',
      LOG_LEVEL: 'warn',
      SHUTDOWN_TIMEOUT_SECONDS: String(shutdownSeconds),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
  const lines: string[] = []
  // Whole lines only: a chunk may end in the middle of one.
  const collect = (stream: NodeJS.ReadableStream) => {
    let partial = ''
    stream.on('data', (d: Buffer) => {
      const parts = (partial + d.toString()).split('\n')
      partial = parts.pop()!
      lines.push(...parts.filter(Boolean))
    })
  }
  collect(proc.stdout!)
  collect(proc.stderr!)
  const exited = new Promise<{ code: number | null; at: number }>((resolve) => proc.on('exit', (code) => resolve({ code, at: Date.now() })))
  const listening = await until(
    async () => lines.find((l) => l.startsWith('listening ')) ?? (proc.exitCode !== null ? 'exited' : undefined),
    Boolean,
    60_000,
  )
  if (listening === 'exited') throw new Error(`the server process exited:\n${lines.join('\n')}`)
  const server: ServerProcess = {
    proc,
    port: Number(listening!.split(' ')[1]),
    lines,
    exited,
    async arrived(pathname) {
      await until(async () => lines.includes(`arrived ${pathname}`), Boolean, 10_000)
    },
    async heartbeat() {
      const { client, close } = await createPrisma(
        databaseUrl ? { kind: 'postgres', url: databaseUrl } : { kind: 'pglite', dir: path.join(dataDir, 'pglite') },
      )
      try {
        return await client.workerHeartbeat.findFirst({ where: { pid: proc.pid! } })
      } finally {
        await close()
      }
    },
    async drop() {
      await dropPostgres()
      fs.rmSync(dataDir, { recursive: true, force: true })
    },
  }
  started.push(server)
  // A first request, as npm start's readiness probe makes: boot finds the server by its requests.
  expect((await fetch(`http://127.0.0.1:${server.port}/`)).ok).toBe(true)
  return server
}

interface Answer {
  status: number
  connection: string | undefined
  body: string
}

function request(port: number, options: { method?: string; path: string; headers?: http.OutgoingHttpHeaders }) {
  const req = http.request({ host: '127.0.0.1', port, method: options.method ?? 'GET', path: options.path, headers: options.headers })
  const answer = new Promise<Answer>((resolve, reject) => {
    req.on('response', (res) => {
      let body = ''
      res.on('data', (d: Buffer) => (body += d))
      res.on('end', () => resolve({ status: res.statusCode!, connection: res.headers.connection, body }))
      res.on('error', reject)
    })
    req.on('error', reject)
  })
  return { req, answer }
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms))
const settle = <T>(promise: Promise<T>) =>
  promise.then(
    (value) => ({ value }),
    (error: NodeJS.ErrnoException) => ({ error }),
  )

describe('a server process on SIGTERM', () => {
  it('answers an upload in progress (Connection: close), refuses new connections, exits 0 in the bound, its worker stopped', async () => {
    const server = await startServer(8)
    const chunk = Buffer.alloc(64 * 1024, 7)
    const upload = request(server.port, {
      method: 'POST',
      path: '/upload',
      headers: { 'content-type': 'application/octet-stream', 'content-length': chunk.length * 2 },
    })
    upload.req.write(chunk)
    await server.arrived('/upload') // the server is reading the body
    const signaledAt = Date.now()
    server.proc.kill('SIGTERM')
    await sleep(700)
    upload.req.end(chunk) // the rest of the upload arrives after the signal
    const answer = await settle(upload.answer)
    expect(answer).toEqual({ value: { status: 200, connection: 'close', body: JSON.stringify({ bytes: chunk.length * 2 }) } })

    const late = await settle(fetch(`http://127.0.0.1:${server.port}/`))
    expect(late).toMatchObject({ error: { cause: { code: 'ECONNREFUSED' } } })
    const { code, at } = await server.exited
    expect(code).toBe(0)
    expect(at - signaledAt).toBeLessThan(8_000)
    // Stopped, not stale: the console and readiness tell a worker that left from one that died.
    expect(await server.heartbeat()).toMatchObject({ stoppedAt: expect.any(Date) })
  })

  it('counts a signal repeated within a second as the same one (Ctrl-C reaches it from the terminal and from npm start)', async () => {
    const server = await startServer(8)
    const slow = request(server.port, { path: '/slow?ms=2000' })
    slow.req.end()
    await server.arrived('/slow')
    server.proc.kill('SIGINT')
    await sleep(50)
    server.proc.kill('SIGINT')
    expect(await settle(slow.answer)).toEqual({ value: { status: 200, connection: 'close', body: 'slow done' } })
    expect((await server.exited).code).toBe(0)
  })

  it('a second SIGTERM, later, stops waiting: the slow request is cut, and the process still exits 0 after its cleanup', async () => {
    const server = await startServer(20)
    const slow = request(server.port, { path: '/slow?ms=30000' })
    slow.req.end()
    const outcome = settle(slow.answer)
    await server.arrived('/slow')
    server.proc.kill('SIGTERM')
    await sleep(1_500)
    // Still draining: the request is in flight and the process alive.
    expect(server.proc.exitCode).toBeNull()
    const secondAt = Date.now()
    server.proc.kill('SIGTERM')
    expect(await outcome).toMatchObject({ error: { code: 'ECONNRESET' } })
    const { code, at } = await server.exited
    expect(code).toBe(0)
    expect(at - secondAt).toBeLessThan(5_000)
    expect(await server.heartbeat()).toMatchObject({ stoppedAt: expect.any(Date) })
  })

  it('cuts a request that outlives the drain, and exits 0 within the bound', async () => {
    const server = await startServer(6)
    const slow = request(server.port, { path: '/slow?ms=60000' })
    slow.req.end()
    const outcome = settle(slow.answer)
    await server.arrived('/slow')
    const signaledAt = Date.now()
    server.proc.kill('SIGTERM')
    expect(await outcome).toMatchObject({ error: { code: 'ECONNRESET' } })
    const { code, at } = await server.exited
    expect(code).toBe(0)
    expect(at - signaledAt).toBeLessThan(6_000)
  })
})
