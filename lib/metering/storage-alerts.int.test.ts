// Storage alerts end to end against real processes: a test exporter scraped every second by
// Debian's Prometheus, which evaluates the chart's own PrometheusRule groups and sends to
// Debian's Alertmanager, which delivers its webhook (bearer token) to our route handler.
// The hourly collector path and the webhook path each notify once per crossing.
import http from 'node:http'
import { execFile } from 'node:child_process'
import fs from 'node:fs'
import os from 'node:os'
import path from 'node:path'
import { promisify } from 'node:util'
import type { AddressInfo } from 'node:net'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { resetEnvCache } from '../env'
import { useTestDatabase } from '../testing/use-test-database'
import { until } from '../testing/until'
import { addMember, createOrgWithOwner, createTenant } from '../orgs/testing/fixtures'
import { createPrometheusClient } from '../prometheus/http'
import type { PrometheusPort } from '../prometheus/port'
import { ensurePrometheusBinaries } from '../prometheus/testing/binaries'
import { startAlertmanager, startPrometheus, type RunningProcess } from '../prometheus/testing/processes'
import { startExporter, type Exporter, type FakeTenant } from './testing/fake-fleet'
import { chartRuleFile, renderChart } from './testing/chart-rules'
import { collectUsage } from './collect-usage'
import { evaluateStorageAlerts } from './evaluate-storage-alerts'

const GIB = 1024 ** 3
const TOKEN = 'am-test-token-0123456789abcdef'
const run = promisify(execFile)

// Set before the harness's beforeAll reads (and caches) the configuration.
process.env.ALERTMANAGER_TOKEN = TOKEN
const database = useTestDatabase({ jobs: 'per-file' })
let exporter: Exporter
let prom: RunningProcess
let alertmanager: RunningProcess
let client: PrometheusPort
let webhook: http.Server
const deliveries: { status: number; alerts: number; authorized: boolean; body: string }[] = []
const used = { 'tenant-hourly': 0.5, 'tenant-webhook': 0.5 }
const tenantIds: Record<string, string> = {}
const idOf = (namespace: string) => tenantIds[namespace]!
let recipients: string[] = []

const fleet = (): FakeTenant[] =>
  (Object.keys(used) as (keyof typeof used)[]).map((namespace) => ({
    namespace,
    startedAt: 0,
    cpuCores: 0.1,
    egressBytesPerSecond: 100,
    volumes: [{ pvc: 'app-data', capacityBytes: 10 * GIB, usedAt: () => used[namespace] * 10 * GIB }],
  }))

beforeAll(async () => {
  const org = await createOrgWithOwner(database.db, { name: 'Full Disk Co', slug: 'full-disk' })
  const admin = await addMember(database.db, org.id, 'ADMIN')
  await addMember(database.db, org.id, 'MEMBER')
  recipients = [org.owner.email, admin.email].sort()
  for (const namespace of Object.keys(used)) {
    const slug = namespace.replace('tenant-', '')
    tenantIds[namespace] = (
      await createTenant(database.db, {
        orgId: org.id,
        slug,
        namespace,
        planId: 'pro',
        state: 'ACTIVE',
        createdAt: new Date(Date.now() - 86_400_000),
      })
    ).id
  }
  exporter = await startExporter(fleet)
  // Alertmanager delivers to a local HTTP server that hands each request to the route handler.
  const { POST } = await import('@/app/api/webhooks/alertmanager/route')
  webhook = http.createServer(async (req, res) => {
    const chunks: Buffer[] = []
    for await (const chunk of req) chunks.push(chunk as Buffer)
    const body = Buffer.concat(chunks).toString()
    const response = await POST(
      new Request(`http://127.0.0.1${req.url}`, { method: 'POST', headers: req.headers as Record<string, string>, body }),
    )
    deliveries.push({
      status: response.status,
      alerts: (JSON.parse(body) as { alerts: unknown[] }).alerts.length,
      authorized: req.headers.authorization === `Bearer ${TOKEN}`,
      body,
    })
    res.writeHead(response.status, { 'content-type': 'application/json' }).end(await response.text())
  })
  await new Promise<void>((resolve) => webhook.listen(0, '127.0.0.1', resolve))
  const webhookUrl = `http://127.0.0.1:${(webhook.address() as AddressInfo).port}/api/webhooks/alertmanager`
  alertmanager = await startAlertmanager({ webhookUrl, bearerToken: TOKEN, groupWaitSeconds: 1 })
  prom = await startPrometheus({
    scrapeTargets: [exporter.target],
    scrapeIntervalSeconds: 1,
    evaluationIntervalSeconds: 1,
    rules: [await chartRuleFile('tenant-webhook', { forDuration: '0s' })],
    alertmanagerUrl: alertmanager.url,
  })
  client = createPrometheusClient({ url: prom.url, timeoutMs: 10_000 })
  process.env.PROMETHEUS_URL = prom.url
  resetEnvCache()
})

afterAll(async () => {
  await prom?.stop()
  await alertmanager?.stop()
  await exporter?.close()
  webhook?.closeAllConnections()
  await new Promise((r) => webhook?.close(r))
  delete process.env.PROMETHEUS_URL
  delete process.env.ALERTMANAGER_TOKEN
  resetEnvCache()
})

function notifications(namespace: string) {
  return database.jobs.sent
    .filter((e) => e.name === 'notifications/email.requested')
    .map((e) => e.data as { to: string; template: string; dedupeKey: string; data: { level: string; volume: string; percentUsed: number } })
    .filter((d) => d.dedupeKey.includes(idOf(namespace)))
    .map((d) => ({ to: d.to, level: d.data.level, volume: d.data.volume, template: d.template }))
}

async function setUsage(namespace: keyof typeof used, fraction: number) {
  used[namespace] = fraction
  await until(
    () => client.query(`max(kubelet_volume_stats_used_bytes{namespace="${namespace}"})`),
    (r) => r.length === 1 && r[0]!.value === Math.round(fraction * 10 * GIB),
  )
}

async function collectNow() {
  // A 2-second window that starts after the new value was scraped (the hourly job, compressed).
  await new Promise((r) => setTimeout(r, 2_200))
  const windowStart = new Date(Math.floor(Date.now() / 1000) * 1000 - 2_000)
  const collected = await collectUsage(client, { windowStart, windowSeconds: 2 })
  expect(collected.queries).toBe(4)
  return evaluateStorageAlerts({ windowStart })
}

async function alertRow(namespace: string) {
  return database.db.storageAlert.findUnique({ where: { tenantId_volume: { tenantId: idOf(namespace), volume: 'app-data' } } })
}

describe('storage alerts from the collector', () => {
  it('climbing through 80 % then 95 % notifies one warning and one critical; falling back resolves', async () => {
    const ns = 'tenant-hourly'
    // Two days of hourly history climbing from 30 % to 80 %: the trend the forecast extrapolates.
    const hour = 3_600_000
    const now = Math.floor(Date.now() / hour) * hour
    await database.db.usageSample.createMany({
      data: Array.from({ length: 48 }, (_, i) => ({
        tenantId: idOf(ns),
        metric: 'STORAGE_USED_BYTES' as const,
        volume: 'app-data',
        windowStart: new Date(now - (49 - i) * hour),
        windowEnd: new Date(now - (48 - i) * hour),
        value: String(Math.round((0.3 + (0.5 * i) / 47) * 10 * GIB)),
      })),
    })
    await setUsage(ns, 0.5)
    expect(await collectNow()).toMatchObject({ evaluated: 0, notified: 0 })
    expect(await alertRow(ns)).toBeNull()

    await setUsage(ns, 0.85)
    expect((await collectNow()).notified).toBe(2)
    await setUsage(ns, 0.9)
    expect((await collectNow()).notified).toBe(0)
    await setUsage(ns, 0.97)
    expect((await collectNow()).notified).toBe(2)
    expect(await collectNow()).toMatchObject({ notified: 0 }) // the same reading again

    const sent = notifications(ns)
    expect(
      sent
        .filter((n) => n.level === 'warning')
        .map((n) => n.to)
        .sort(),
    ).toEqual(recipients)
    expect(
      sent
        .filter((n) => n.level === 'critical')
        .map((n) => n.to)
        .sort(),
    ).toEqual(recipients)
    expect(sent).toHaveLength(4)
    expect(sent.every((n) => n.template === 'storage-warning' && n.volume === 'app-data')).toBe(true)
    const critical = await alertRow(ns)
    expect(critical).toMatchObject({ level: 'CRITICAL', crossings: 2, source: 'collector' })
    expect(Number(critical!.percentUsed)).toBeCloseTo(97, 1)
    // 3 % left at about 1 % an hour: a few hours, not days.
    expect(critical!.daysUntilFull).toBeGreaterThan(0)
    expect(critical!.daysUntilFull).toBeLessThan(1)

    await setUsage(ns, 0.4)
    expect((await collectNow()).notified).toBe(0)
    expect(await alertRow(ns)).toMatchObject({ level: 'OK', resolvedAt: expect.any(Date) })
    expect(notifications(ns)).toHaveLength(4)
  })
})

describe('storage alerts from a real Alertmanager', () => {
  it('delivers the chart rule alerts to the webhook, which notifies once per crossing and resolves', async () => {
    const ns = 'tenant-webhook'
    await setUsage(ns, 0.85)
    await until(
      async () => notifications(ns).length,
      (n) => n >= 2,
      60_000,
    )
    await setUsage(ns, 0.97)
    await until(
      async () => notifications(ns).length,
      (n) => n >= 4,
      60_000,
    )
    // The hourly path sees the same crossing: nothing more is sent.
    await collectNow()
    // Alertmanager delivered each alert group once; a redelivery of the same payload changes nothing.
    await until(
      async () => deliveries.length,
      (n) => n >= 2,
      30_000,
    )
    const { POST } = await import('@/app/api/webhooks/alertmanager/route')
    const again = await POST(
      new Request('http://x/api/webhooks/alertmanager', {
        method: 'POST',
        body: deliveries.at(-1)!.body,
        headers: { authorization: `Bearer ${TOKEN}` },
      }),
    )
    expect(await again.json()).toMatchObject({ ok: true, data: { evaluated: 1, notified: 0 } })
    const sent = notifications(ns)
    expect(
      sent
        .filter((n) => n.level === 'warning')
        .map((n) => n.to)
        .sort(),
    ).toEqual(recipients)
    expect(
      sent
        .filter((n) => n.level === 'critical')
        .map((n) => n.to)
        .sort(),
    ).toEqual(recipients)
    expect(sent).toHaveLength(4)
    const row = await alertRow(ns)
    expect(row).toMatchObject({ level: 'CRITICAL', crossings: 2 })
    expect(deliveries.every((d) => d.authorized && d.status === 200)).toBe(true)

    await setUsage(ns, 0.4)
    await until(
      () => alertRow(ns),
      (r) => r?.level === 'OK',
      60_000,
    )
    expect(notifications(ns)).toHaveLength(4)
  })

  it('refuses a delivery without the bearer token, and an unknown payload', async () => {
    const { POST } = await import('@/app/api/webhooks/alertmanager/route')
    const body = JSON.stringify({
      status: 'firing',
      alerts: [{ status: 'firing', labels: { namespace: 'tenant-webhook', persistentvolumeclaim: 'app-data' } }],
    })
    expect((await POST(new Request('http://x/api/webhooks/alertmanager', { method: 'POST', body }))).status).toBe(401)
    expect(
      (await POST(new Request('http://x/api/webhooks/alertmanager', { method: 'POST', body, headers: { authorization: 'Bearer wrong' } })))
        .status,
    ).toBe(401)
    const bad = await POST(
      new Request('http://x/api/webhooks/alertmanager', {
        method: 'POST',
        body: '{"alerts":"no"}',
        headers: { authorization: `Bearer ${TOKEN}` },
      }),
    )
    expect(bad.status).toBe(422)
  })
})

describe('the chart PrometheusRule', () => {
  it('renders only where the CRD exists, and promtool accepts its rules', async () => {
    expect(await renderChart('tenant-webhook', { withRuleCrd: false })).not.toContain('kind: PrometheusRule')
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'tenancy-rules-')), 'rules.yml')
    fs.writeFileSync(file, await chartRuleFile('tenant-webhook'))
    const { stdout } = await run(ensurePrometheusBinaries().promtool, ['check', 'rules', file])
    expect(stdout).toContain('SUCCESS: 2 rules found')
    fs.rmSync(path.dirname(file), { recursive: true })
  })
})
