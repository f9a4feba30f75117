/**
 * Alertmanager's webhook as a second source of storage alerts. The payload only names volumes
 * (namespace and claim labels); the usage itself is re-read from Prometheus at once and goes
 * through the same rules as the collector's readings, so an alert seen by both notifies once,
 * and a "resolved" delivery resolves only if the volume really fell back.
 */
import crypto from 'node:crypto'
import { z } from 'zod'
import { asSystem, db } from '../db'
import { getEnv } from '../env'
import { AppError } from '../errors/app-error'
import type { PrometheusPort } from '../prometheus/port'
import { evaluateVolumeAlert } from './evaluate-volume-alert'

const label = z
  .string()
  .regex(/^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$/)
  .max(253)

export const alertmanagerPayloadSchema = z.object({
  version: z.string().optional(),
  status: z.enum(['firing', 'resolved']),
  alerts: z
    .array(
      z.object({
        status: z.enum(['firing', 'resolved']),
        labels: z.record(z.string(), z.string()),
      }),
    )
    .max(1000),
})

/** Constant-time check of `Authorization: Bearer <ALERTMANAGER_TOKEN>`; the endpoint is off without a token. */
export function assertAlertmanagerToken(authorization: string | null): void {
  const token = getEnv().ALERTMANAGER_TOKEN
  if (!token) throw new AppError('NOT_FOUND', 'The Alertmanager webhook is not enabled (ALERTMANAGER_TOKEN is unset)')
  const given = /^Bearer\s+(.+)$/i.exec(authorization ?? '')?.[1] ?? ''
  const a = crypto.createHash('sha256').update(given).digest()
  const b = crypto.createHash('sha256').update(token).digest()
  if (!crypto.timingSafeEqual(a, b)) throw new AppError('UNAUTHENTICATED', 'Bearer token missing or wrong')
}

export interface AlertmanagerOutcome {
  volumes: number
  evaluated: number
  notified: number
  ignored: number
}

/** Alerts name namespaces of any organization: the receiver (behind its token) acts as the system (lib/db/scope.ts). */
export function receiveAlertmanagerAlerts(prometheus: PrometheusPort | null, body: unknown): Promise<AlertmanagerOutcome> {
  return asSystem('Alertmanager webhook', () => receive(prometheus, body))
}

async function receive(prometheus: PrometheusPort | null, body: unknown): Promise<AlertmanagerOutcome> {
  const payload = alertmanagerPayloadSchema.parse(body)
  if (!prometheus)
    throw new AppError('UNAVAILABLE', 'Metering is off (PROMETHEUS_URL unset): alerts cannot be checked against current usage')
  const volumes = new Map<string, { namespace: string; pvc: string }>()
  let ignored = 0
  for (const alert of payload.alerts) {
    const namespace = label.safeParse(alert.labels.namespace)
    const pvc = label.safeParse(alert.labels.persistentvolumeclaim)
    if (!namespace.success || !pvc.success) {
      ignored++
      continue
    }
    volumes.set(`${namespace.data}/${pvc.data}`, { namespace: namespace.data, pvc: pvc.data })
  }
  const tenants = await db.tenant.findMany({
    where: { namespace: { in: [...new Set([...volumes.values()].map((v) => v.namespace))] } },
    select: { id: true, namespace: true },
  })
  const tenantOf = new Map(tenants.map((t) => [t.namespace, t.id]))
  let evaluated = 0
  let notified = 0
  for (const { namespace, pvc } of volumes.values()) {
    const tenantId = tenantOf.get(namespace)
    if (!tenantId) {
      ignored++
      continue
    }
    const selector = `{namespace="${namespace}",persistentvolumeclaim="${pvc}"}`
    const [used, capacity] = await Promise.all([
      prometheus.query(`max(kubelet_volume_stats_used_bytes${selector})`),
      prometheus.query(`max(kubelet_volume_stats_capacity_bytes${selector})`),
    ])
    if (!used[0] || !capacity[0] || !(capacity[0].value > 0)) {
      ignored++
      continue
    }
    const outcome = await evaluateVolumeAlert({
      tenantId,
      volume: pvc,
      usedBytes: used[0].value,
      capacityBytes: capacity[0].value,
      observedAt: used[0].time,
      source: 'alertmanager',
    })
    evaluated++
    notified += outcome.notified
  }
  return { volumes: volumes.size, evaluated, notified, ignored }
}
