/**
 * Known truth for metering tests: a fleet of tenants whose kubelet volume stats and cAdvisor
 * counters follow simple formulas, served live by a test exporter (text exposition format) or
 * written as OpenMetrics history for `promtool tsdb create-blocks-from openmetrics`.
 *
 * Series carry the labels the real ones do: kubelet_volume_stats_{used,capacity}_bytes by
 * (namespace, persistentvolumeclaim); container_cpu_usage_seconds_total by (namespace, pod,
 * container) plus the pod-level cgroup series with container="" that a sum must not count twice;
 * container_network_transmit_bytes_total by (namespace, pod, interface) on the pod's sandbox.
 */
import http from 'node:http'
import type { AddressInfo } from 'node:net'

export interface FakeVolume {
  pvc: string
  capacityBytes: number
  /** Used bytes at time t (seconds since the epoch). */
  usedAt: (t: number) => number
}

export interface FakeTenant {
  namespace: string
  volumes: FakeVolume[]
  /** CPU cores in use (the counter grows by this many core-seconds per second). */
  cpuCores: number
  /** Bytes sent per second. */
  egressBytesPerSecond: number
  /** Times (seconds) at which the container restarts: its counters start again from 0. */
  resetsAt?: number[]
  /** [from, to] (seconds, inclusive) during which this tenant's series are absent. */
  missing?: [number, number][]
  /** Counters start at this time (seconds): 0 before. */
  startedAt: number
}

/** Counter value at t: core-seconds (or bytes) since the last restart. */
export function counterAt(tenant: FakeTenant, perSecond: number, t: number): number {
  const lastStart = Math.max(tenant.startedAt, ...(tenant.resetsAt ?? []).filter((r) => r <= t))
  return Math.max(0, t - lastStart) * perSecond
}

export function isMissing(tenant: FakeTenant, t: number): boolean {
  return (tenant.missing ?? []).some(([from, to]) => t >= from && t <= to)
}

/** The series of one tenant at time t, as exposition lines (timestamp appended when given). */
export function seriesLines(tenant: FakeTenant, t: number, withTimestamp: boolean): string[] {
  if (isMissing(tenant, t)) return []
  const ts = withTimestamp ? ` ${t}` : ''
  const ns = tenant.namespace
  const pod = `${ns.replace(/^tenant-/, '')}-app-0`
  const lines: string[] = []
  for (const v of tenant.volumes) {
    lines.push(`kubelet_volume_stats_used_bytes{namespace="${ns}",persistentvolumeclaim="${v.pvc}"} ${Math.round(v.usedAt(t))}${ts}`)
    lines.push(`kubelet_volume_stats_capacity_bytes{namespace="${ns}",persistentvolumeclaim="${v.pvc}"} ${v.capacityBytes}${ts}`)
  }
  const cpu = counterAt(tenant, tenant.cpuCores, t)
  // Two containers share the load; the pod-level cgroup (container="") repeats their sum.
  lines.push(`container_cpu_usage_seconds_total{namespace="${ns}",pod="${pod}",container="app"} ${(cpu * 0.75).toFixed(6)}${ts}`)
  lines.push(`container_cpu_usage_seconds_total{namespace="${ns}",pod="${pod}",container="sidecar"} ${(cpu * 0.25).toFixed(6)}${ts}`)
  lines.push(`container_cpu_usage_seconds_total{namespace="${ns}",pod="${pod}",container=""} ${cpu.toFixed(6)}${ts}`)
  const egress = Math.round(counterAt(tenant, tenant.egressBytesPerSecond, t))
  lines.push(`container_network_transmit_bytes_total{namespace="${ns}",pod="${pod}",interface="eth0"} ${egress}${ts}`)
  return lines
}

/** OpenMetrics history from `start` to `end` (seconds) every `intervalSeconds`, for promtool. */
export function openMetricsHistory(tenants: FakeTenant[], range: { start: number; end: number; intervalSeconds: number }): string {
  const out: string[] = []
  for (let t = range.start; t <= range.end; t += range.intervalSeconds) {
    for (const tenant of tenants) out.push(...seriesLines(tenant, t, true))
  }
  out.push('# EOF', '')
  return out.join('\n')
}

export interface Exporter {
  target: string
  url: string
  scrapes: () => number
  close(): Promise<void>
}

/**
 * A live exporter: every scrape renders the fleet at the current wall-clock time. With `cacheMs`
 * a body is reused for that long (large fleets: a scrape retried after a timeout does not queue
 * a second render).
 */
export async function startExporter(fleet: () => FakeTenant[], options: { now?: () => number; cacheMs?: number } = {}): Promise<Exporter> {
  const now = options.now ?? (() => Date.now() / 1000)
  let scrapes = 0
  let cached: { body: string; at: number } | undefined
  const render = () => {
    if (cached && Date.now() - cached.at < (options.cacheMs ?? 0)) return cached.body
    const t = now()
    const chunks: string[] = []
    for (const tenant of fleet()) {
      const lines = seriesLines(tenant, t, false)
      if (lines.length) chunks.push(lines.join('\n'))
    }
    cached = { body: chunks.join('\n') + '\n', at: Date.now() }
    return cached.body
  }
  const server = http.createServer((req, res) => {
    if (req.url !== '/metrics') {
      res.writeHead(404).end()
      return
    }
    scrapes++
    res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4' })
    res.end(render())
  })
  server.keepAliveTimeout = 60_000
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    target: `127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}/metrics`,
    scrapes: () => scrapes,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections()
        server.close(() => resolve())
      }),
  }
}
