/**
 * The instance panel's live view: each Deployment and StatefulSet of the tenant with its ready
 * and desired replicas, read from the cluster, and the app's own health check asked through the
 * API server's service proxy (probe-app-health.ts). Unavailable (not an error page) when the
 * cluster does not answer; empty in dry-run mode.
 */
import { findApp } from '../apps/catalog'
import { db } from '../db'
import { type HealthProbe, probeAppHealth } from './probe-app-health'
import { tenantSelector } from './guardrails'
import { workloadReadiness } from './steps/wait-workloads'
import { clusterTarget } from './target'

export interface WorkloadStatus {
  mode: 'live' | 'dry-run'
  available: boolean
  workloads: { kind: string; name: string; ready: number; desired: number }[]
  /** The app's health check, asked now (null: dry-run, or no app definition for the instance). */
  health: HealthProbe | null
}

/** The panel polls every 5 s: an app that does not answer within this is shown as not answering. */
const PANEL_HEALTH_TIMEOUT_MS = 3_000

/** Scoped by an organization id the caller has already authorized. */
export async function getWorkloadStatus(orgId: string): Promise<WorkloadStatus> {
  const target = clusterTarget()
  const tenant = await db.tenant.findFirst({
    where: { orgId, state: { notIn: ['PENDING', 'DEPROVISIONED'] } },
    orderBy: { createdAt: 'desc' },
    select: { id: true, namespace: true, appId: true },
  })
  if (!tenant || target.mode === 'dry-run') return { mode: target.mode, available: true, workloads: [], health: null }
  const app = findApp(tenant.appId)
  try {
    const options = { namespace: tenant.namespace, labelSelector: tenantSelector(tenant.id) }
    const [deployments, statefulSets, health] = await Promise.all([
      target.kube.list('apps/v1', 'Deployment', options),
      target.kube.list('apps/v1', 'StatefulSet', options),
      app ? probeAppHealth(target.kube, tenant.namespace, app.health, PANEL_HEALTH_TIMEOUT_MS) : null,
    ])
    return {
      mode: 'live',
      available: true,
      health,
      workloads: [...statefulSets, ...deployments].map((w) => {
        const { ready, desired } = workloadReadiness(w)
        return { kind: w.kind, name: w.metadata.name, ready, desired }
      }),
    }
  } catch {
    return { mode: 'live', available: false, workloads: [], health: null }
  }
}
