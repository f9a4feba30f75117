/**
 * A real Prometheus (and Alertmanager) for the integration tier and the benchmark: each on a free
 * 127.0.0.1 port with its own data directory under the OS temp directory, stopped and removed by
 * `stop()`. History can be backfilled before start with `promtool tsdb create-blocks-from
 * openmetrics`; live series come from scraping the test exporter.
 */
import { spawn, execFile, type ChildProcess } from 'node:child_process'
import fs from 'node:fs'
import net from 'node:net'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import { ensurePrometheusBinaries } from './binaries'
import { stopChild } from '../../testing/child-process'

const run = promisify(execFile)

export interface RunningProcess {
  url: string
  port: number
  dir: string
  log: () => string
  stop(): Promise<void>
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer()
    server.unref()
    server.on('error', reject)
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo
      server.close(() => resolve(port))
    })
  })
}

export interface PrometheusOptions {
  /** host:port targets scraped as job `tenancy-test` (the test exporter). */
  scrapeTargets?: string[]
  scrapeIntervalSeconds?: number
  evaluationIntervalSeconds?: number
  /** Rule files (YAML text of `groups:`) loaded by Prometheus. */
  rules?: string[]
  /** Alertmanager URL alerts are sent to. */
  alertmanagerUrl?: string
  /** OpenMetrics text backfilled into the TSDB before start (must end with `# EOF`). */
  backfill?: string
  retention?: string
}

export async function startPrometheus(options: PrometheusOptions = {}): Promise<RunningProcess> {
  const bins = ensurePrometheusBinaries()
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenancy-prom-'))
  const dataDir = path.join(dir, 'data')
  fs.mkdirSync(dataDir)
  if (options.backfill !== undefined) {
    const input = path.join(dir, 'backfill.om')
    fs.writeFileSync(input, options.backfill)
    await run(bins.promtool, ['tsdb', 'create-blocks-from', 'openmetrics', input, dataDir], {
      maxBuffer: 64 * 1024 * 1024,
      timeout: 600_000,
    })
    fs.rmSync(input)
  }
  const ruleFiles = (options.rules ?? []).map((text, i) => {
    const file = path.join(dir, `rules-${i}.yml`)
    fs.writeFileSync(file, text)
    return file
  })
  const interval = options.scrapeIntervalSeconds ?? 1
  const config = {
    global: {
      scrape_interval: `${interval}s`,
      scrape_timeout: `${Math.max(1, Math.min(interval, 25))}s`,
      evaluation_interval: `${options.evaluationIntervalSeconds ?? 1}s`,
    },
    rule_files: ruleFiles,
    alerting: options.alertmanagerUrl
      ? { alertmanagers: [{ static_configs: [{ targets: [new URL(options.alertmanagerUrl).host] }] }] }
      : undefined,
    scrape_configs: options.scrapeTargets?.length
      ? [{ job_name: 'tenancy-test', honor_labels: true, static_configs: [{ targets: options.scrapeTargets }] }]
      : [],
  }
  fs.writeFileSync(path.join(dir, 'prometheus.yml'), JSON.stringify(config))
  const port = await freePort()
  const child = spawn(
    bins.prometheus,
    [
      `--config.file=${path.join(dir, 'prometheus.yml')}`,
      `--storage.tsdb.path=${dataDir}`,
      `--storage.tsdb.retention.time=${options.retention ?? '400d'}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--web.enable-lifecycle',
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  return waitReady(child, `http://127.0.0.1:${port}`, port, dir, 'prometheus')
}

export interface AlertmanagerOptions {
  /** Where the webhook receiver posts. */
  webhookUrl: string
  bearerToken?: string
  groupWaitSeconds?: number
}

export async function startAlertmanager(options: AlertmanagerOptions): Promise<RunningProcess> {
  const bins = ensurePrometheusBinaries()
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'tenancy-am-'))
  const wait = options.groupWaitSeconds ?? 1
  const config = {
    route: {
      receiver: 'tenancy',
      group_by: ['namespace', 'persistentvolumeclaim', 'alertname'],
      group_wait: `${wait}s`,
      group_interval: `${wait}s`,
      repeat_interval: '1h',
    },
    receivers: [
      {
        name: 'tenancy',
        webhook_configs: [
          {
            url: options.webhookUrl,
            send_resolved: true,
            ...(options.bearerToken ? { http_config: { authorization: { type: 'Bearer', credentials: options.bearerToken } } } : {}),
          },
        ],
      },
    ],
  }
  fs.writeFileSync(path.join(dir, 'alertmanager.yml'), JSON.stringify(config))
  const port = await freePort()
  const child = spawn(
    bins.alertmanager,
    [
      `--config.file=${path.join(dir, 'alertmanager.yml')}`,
      `--storage.path=${path.join(dir, 'data')}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--cluster.listen-address=',
      '--log.level=warn',
    ],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  )
  return waitReady(child, `http://127.0.0.1:${port}`, port, dir, 'alertmanager')
}

async function waitReady(child: ChildProcess, url: string, port: number, dir: string, name: string): Promise<RunningProcess> {
  let output = ''
  child.stdout?.on('data', (d) => (output = (output + d).slice(-20_000)))
  child.stderr?.on('data', (d) => (output = (output + d).slice(-20_000)))
  let exited = false
  child.on('exit', () => (exited = true))
  const stop = () => stopChild(child, () => !exited, dir)
  const deadline = Date.now() + 60_000
  for (;;) {
    if (exited) {
      await stop()
      throw new Error(`${name} exited before it was ready:\n${output}`)
    }
    try {
      const response = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1_000) })
      if (response.ok) break
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop()
      throw new Error(`${name} not ready within 60 s:\n${output}`)
    }
    await new Promise((r) => setTimeout(r, 100))
  }
  return { url, port, dir, log: () => output, stop }
}
