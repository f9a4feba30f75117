/** The cluster's background processes: started detached with a pid file and a log in .cluster/. */
import { spawn } from 'node:child_process'
import fs from 'node:fs'
import https from 'node:https'
import path from 'node:path'
import { logFile, pidFile, ports, state } from './paths'

/** In the order `up` starts them (`down` stops them in reverse). */
export const components = ['etcd', 'kube-apiserver', 'kube-controller-manager', 'node-simulator'] as const
export type Component = (typeof components)[number]

/** What each component's command line must contain, so a recycled pid is never taken for ours. */
const signature: Record<Component, string> = {
  etcd: 'etcd',
  'kube-apiserver': 'kube-apiserver',
  'kube-controller-manager': 'kube-controller-manager',
  'node-simulator': 'node-simulator',
}

export function startDetached(
  name: Component,
  command: string,
  args: string[],
  options: { cwd?: string; env?: NodeJS.ProcessEnv } = {},
): number {
  fs.mkdirSync(state.logs, { recursive: true })
  fs.mkdirSync(state.run, { recursive: true })
  const out = fs.openSync(logFile(name), 'a')
  const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? process.env, detached: true, stdio: ['ignore', out, out] })
  fs.closeSync(out)
  if (child.pid === undefined) throw new Error(`could not start ${command}`)
  child.unref()
  fs.writeFileSync(pidFile(name), `${child.pid}\n`)
  return child.pid
}

/** The pid of a running component of ours, or null. */
export function runningPid(name: Component): number | null {
  let pid: number
  try {
    pid = Number(fs.readFileSync(pidFile(name), 'utf8').trim())
  } catch {
    return null
  }
  if (!Number.isInteger(pid) || pid <= 0) return null
  try {
    const cmdline = fs.readFileSync(`/proc/${pid}/cmdline`, 'utf8').replaceAll('\0', ' ')
    const status = fs.readFileSync(`/proc/${pid}/stat`, 'utf8')
    if (/\) Z /.test(status)) return null // a zombie has exited
    return cmdline.includes(signature[name]) ? pid : null
  } catch {
    return null
  }
}

export async function stopComponent(name: Component, timeoutMs = 10_000): Promise<boolean> {
  const pid = runningPid(name)
  if (pid === null) {
    fs.rmSync(pidFile(name), { force: true })
    return false
  }
  process.kill(pid, 'SIGTERM')
  const deadline = Date.now() + timeoutMs
  while (runningPid(name) !== null && Date.now() < deadline) await sleep(100)
  if (runningPid(name) !== null) process.kill(pid, 'SIGKILL')
  while (runningPid(name) !== null) await sleep(100)
  fs.rmSync(pidFile(name), { force: true })
  return true
}

/** Resident memory of a component in MB (from /proc), or null when it is not running. */
export function residentMb(name: Component): number | null {
  const pid = runningPid(name)
  if (pid === null) return null
  try {
    const line = fs
      .readFileSync(`/proc/${pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith('VmRSS:'))
    return line ? Math.round(Number(line.replace(/\D+/g, '')) / 1024) : null
  } catch {
    return null
  }
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms))
}

/** GET on the API server with the cluster CA; resolves to the status code (0 when unreachable). */
export function apiGet(urlPath: string, token?: string): Promise<{ status: number; body: string }> {
  const caPath = path.join(state.pki, 'ca.crt')
  return new Promise((resolve) => {
    if (!fs.existsSync(caPath)) return resolve({ status: 0, body: '' })
    const request = https.get(
      {
        host: '127.0.0.1',
        port: ports.apiServer,
        path: urlPath,
        ca: fs.readFileSync(caPath),
        timeout: 2000,
        headers: token ? { Authorization: `Bearer ${token}` } : {},
      },
      (response) => {
        let body = ''
        response.setEncoding('utf8')
        response.on('data', (chunk: string) => (body += chunk))
        response.on('end', () => resolve({ status: response.statusCode ?? 0, body }))
      },
    )
    request.on('timeout', () => request.destroy())
    request.on('error', () => resolve({ status: 0, body: '' }))
  })
}

export async function isApiReady(): Promise<boolean> {
  return (await apiGet('/readyz')).status === 200
}

/** The last lines of a component's log, for error messages. */
export function logTail(name: Component, lines = 15): string {
  try {
    return fs.readFileSync(logFile(name), 'utf8').trimEnd().split('\n').slice(-lines).join('\n')
  } catch {
    return '(no log)'
  }
}
