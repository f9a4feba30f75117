// Graceful shutdown of the production build, started the way a user starts it (npm start's
// scripts/start.ts: migrations, seed, server/http.ts with Next's handler, the embedded runner):
// a second server of its own, on its own port and data directory, sent SIGTERM during an upload.
// The build is the one the suite's web server made (start.ts finds it current).
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import http from 'node:http'
import path from 'node:path'
import { expect, test } from '@playwright/test'

const port = Number(process.env.E2E_PORT ?? 3100) + 30
const dataDir = path.resolve('.test-output/e2e-shutdown-data')
const SHUTDOWN_SECONDS = 10

test('SIGTERM during an upload: the upload is answered (Connection: close), new connections refused, exit 0 within the bound', async () => {
  test.setTimeout(240_000)
  fs.rmSync(dataDir, { recursive: true, force: true })
  // Node runs start.ts itself (tsx as its loader): the signal goes to it, and it forwards it to the server.
  const server = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts'], {
    env: {
      ...process.env,
      PORT: String(port),
      DATA_DIR: dataDir,
      APP_URL: `http://127.0.0.1:${port}`,
      DATABASE_URL: '',
      CLUSTER_MODE: 'dry-run',
      LOG_LEVEL: 'warn',
      SEED_FLEET_SIZE: '0',
      SHUTDOWN_TIMEOUT_SECONDS: String(SHUTDOWN_SECONDS),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true, // its own process group: the finally below can end start.ts and its server together
  })
  const output: string[] = []
  server.stdout.on('data', (d: Buffer) => output.push(d.toString()))
  server.stderr.on('data', (d: Buffer) => output.push(d.toString()))
  const exited = new Promise<{ code: number | null; at: number }>((resolve) =>
    server.on('exit', (code) => resolve({ code, at: Date.now() })),
  )
  try {
    await expect
      .poll(async () => (await fetch(`http://127.0.0.1:${port}/api/readyz`).catch(() => null))?.status, { timeout: 200_000 })
      .toBe(200)

    // An upload to a real route that reads the whole body before it answers (Stripe's webhook).
    const chunk = Buffer.alloc(32 * 1024, 'a')
    const upload = http.request({
      host: '127.0.0.1',
      port,
      method: 'POST',
      path: '/api/webhooks/stripe',
      headers: { 'content-type': 'application/json', 'content-length': chunk.length * 2 },
    })
    const answer = new Promise<{ status: number; connection: string | undefined }>((resolve, reject) => {
      upload.on('response', (res) => {
        res.resume()
        res.on('end', () => resolve({ status: res.statusCode!, connection: res.headers.connection }))
      })
      upload.on('error', reject)
    })
    upload.write(chunk)
    await new Promise((r) => setTimeout(r, 500))
    const signaledAt = Date.now()
    server.kill('SIGTERM')
    await new Promise((r) => setTimeout(r, 1_000))
    upload.end(chunk) // the rest of the upload arrives after the signal
    const { status, connection } = await answer
    expect(status).toBeGreaterThanOrEqual(400) // not a Stripe signature: refused by the route, not cut by the shutdown
    expect(status).toBeLessThan(500)
    expect(connection).toBe('close')
    expect(
      await fetch(`http://127.0.0.1:${port}/api/healthz`).then(
        () => 'answered',
        (error: { cause?: { code?: string } }) => error.cause?.code,
      ),
    ).toBe('ECONNREFUSED')

    const { code, at } = await exited
    expect(code, output.join('')).toBe(0)
    expect(at - signaledAt).toBeLessThan(SHUTDOWN_SECONDS * 1000)
  } finally {
    if (server.exitCode === null) process.kill(-server.pid!, 'SIGKILL')
  }
})
