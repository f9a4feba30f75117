/**
 * Suspend and resume: every Deployment and StatefulSet of the tenant is scaled to zero (its
 * replica count kept in an annotation), its CronJobs suspended and its CloudNativePG Clusters
 * hibernated; volumes are never touched. Resume restores the recorded counts (or the plan's, if
 * none was recorded), unsuspends and wakes them.
 */
import { getEnv } from '../../env'
import { plural } from '../../format'
import { isNotServed, type KubeObject } from '../../k8s/port'
import { describeRef } from '../../k8s/names'
import { tenantSelector } from '../guardrails'
import type { LoadedTenant } from '../load-tenant'
import type { ClusterTarget } from '../target'
import { workloadReadiness } from './wait-workloads'

export const REPLICAS_ANNOTATION = 'tenancy.dev/replicas-before-suspend'

async function workloads(target: ClusterTarget, tenant: LoadedTenant): Promise<KubeObject[]> {
  const selector = { namespace: tenant.namespace, labelSelector: tenantSelector(tenant.id) }
  const [deployments, statefulSets] = await Promise.all([
    target.kube.list('apps/v1', 'Deployment', selector),
    target.kube.list('apps/v1', 'StatefulSet', selector),
  ])
  return [...deployments, ...statefulSets]
}

/**
 * Whether a list failed because the API server does not serve the kind. The Kubernetes port says
 * INVALID (lib/k8s/client.ts: 404 for a group version it does not serve, "has no kind" for a kind
 * missing from a version it serves: CronJob in batch/v1 on 1.20); a plain NOT_FOUND means the same.
 */

/** The tenant's objects of a kind the API server may not serve: none then. Any other error is the step's. */
async function listIfServed(target: ClusterTarget, tenant: LoadedTenant, apiVersion: string, kind: string): Promise<KubeObject[]> {
  try {
    return await target.kube.list(apiVersion, kind, { namespace: tenant.namespace, labelSelector: tenantSelector(tenant.id) })
  } catch (error) {
    if (isNotServed(error)) return []
    throw error
  }
}

/** CronJobs of either version (batch/v1beta1 went in 1.25, batch/v1 came in 1.21). */
async function setCronJobsSuspended(target: ClusterTarget, tenant: LoadedTenant, suspend: boolean): Promise<number> {
  const cronJobs = await listIfServed(target, tenant, 'batch/v1beta1', 'CronJob')
  const v1 = cronJobs.length ? [] : await listIfServed(target, tenant, 'batch/v1', 'CronJob')
  for (const cron of [...cronJobs, ...v1]) {
    await target.kube.patch(
      { apiVersion: cron.apiVersion, kind: 'CronJob', name: cron.metadata.name, namespace: tenant.namespace },
      { spec: { suspend } },
    )
  }
  return cronJobs.length + v1.length
}

export const CNPG_CLUSTER = { apiVersion: 'postgresql.cnpg.io/v1', kind: 'Cluster' } as const
export const HIBERNATION_ANNOTATION = 'cnpg.io/hibernation'

/**
 * A database run by CloudNativePG (a `Cluster`, where the operator is installed) has no workload of
 * ours to scale: its declarative hibernation stops its pods and keeps its claims.
 */
async function setClustersHibernated(target: ClusterTarget, tenant: LoadedTenant, hibernated: boolean): Promise<number> {
  const clusters = await listIfServed(target, tenant, CNPG_CLUSTER.apiVersion, CNPG_CLUSTER.kind)
  for (const cluster of clusters) {
    await target.kube.patch(
      { ...CNPG_CLUSTER, name: cluster.metadata.name, namespace: tenant.namespace },
      { metadata: { annotations: { [HIBERNATION_ANNOTATION]: hibernated ? 'on' : 'off' } } },
    )
  }
  return clusters.length
}

export async function scaleDown(target: ClusterTarget, tenant: LoadedTenant): Promise<{ message: string }> {
  const found = await workloads(target, tenant)
  for (const w of found) {
    const replicas = (w.spec as { replicas?: number }).replicas ?? 1
    const recorded = w.metadata.annotations?.[REPLICAS_ANNOTATION]
    const ref = { apiVersion: 'apps/v1', kind: w.kind, name: w.metadata.name, namespace: tenant.namespace }
    // A retried suspend must not record 0 as the count to restore.
    await target.kube.patch(ref, {
      metadata: { annotations: { [REPLICAS_ANNOTATION]: recorded ?? String(replicas) } },
      spec: { replicas: 0 },
    })
  }
  const crons = await setCronJobsSuspended(target, tenant, true)
  const clusters = await setClustersHibernated(target, tenant, true)
  if (target.mode === 'live') {
    const timeoutMs = getEnv().stepTimeoutMs('scale-down')
    for (const w of found) {
      const ref = { apiVersion: 'apps/v1', kind: w.kind, name: w.metadata.name, namespace: tenant.namespace }
      await target.kube.waitFor(ref, (o) => ((o?.status as { replicas?: number } | undefined)?.replicas ?? 0) === 0, {
        timeoutMs,
        description: `${describeRef(ref)} scaling to 0`,
      })
    }
  }
  const scaled = found.map((w) => `${w.kind} ${w.metadata.name}`).join(', ') || 'No workloads'
  const hibernated = clusters ? `, ${plural(clusters, 'CloudNativePG Cluster')} hibernated` : ''
  return { message: `${scaled} scaled to 0${crons ? `, ${plural(crons, 'CronJob')} suspended` : ''}${hibernated}; volumes kept` }
}

export async function scaleUp(target: ClusterTarget, tenant: LoadedTenant): Promise<{ message: string }> {
  const found = await workloads(target, tenant)
  const restored: string[] = []
  for (const w of found) {
    const recorded = Number(w.metadata.annotations?.[REPLICAS_ANNOTATION])
    const fallback = w.kind === 'StatefulSet' ? tenant.plan.limits.databaseInstances : tenant.plan.limits.replicas
    const replicas = Number.isInteger(recorded) && recorded > 0 ? recorded : fallback
    const ref = { apiVersion: 'apps/v1', kind: w.kind, name: w.metadata.name, namespace: tenant.namespace }
    await target.kube.patch(ref, { metadata: { annotations: { [REPLICAS_ANNOTATION]: null } }, spec: { replicas } })
    restored.push(`${w.kind} ${w.metadata.name} → ${replicas}`)
  }
  const crons = await setCronJobsSuspended(target, tenant, false)
  const clusters = await setClustersHibernated(target, tenant, false)
  if (target.mode === 'live') {
    const timeoutMs = getEnv().stepTimeoutMs('scale-up')
    for (const w of found) {
      const ref = { apiVersion: 'apps/v1', kind: w.kind, name: w.metadata.name, namespace: tenant.namespace }
      await target.kube.waitFor(ref, (o) => workloadReadiness(o).done, { timeoutMs, description: describeRef(ref) })
    }
  }
  const woken = clusters ? `; ${plural(clusters, 'CloudNativePG Cluster')} woken` : ''
  return { message: `${restored.join(', ') || 'No workloads'}${crons ? `; ${plural(crons, 'CronJob')} resumed` : ''}${woken}` }
}
