/**
 * Provisioning steps "wait for the database" and "wait for the app": watches every StatefulSet
 * (or Deployment) of the tenant until all its replicas are ready, within the step's configured
 * timeout. The database wait (StatefulSets) also waits for the tenant's CloudNativePG Clusters,
 * where the API server serves that kind, until all their instances are ready. A timeout names the
 * object ("StatefulSet tenant-acme/postgres", "Cluster tenant-acme/db").
 */
import { getEnv } from '../../env'
import { isNotServed, type KubeObject } from '../../k8s/port'
import { describeRef } from '../../k8s/names'
import { tenantSelector } from '../guardrails'
import type { LoadedTenant } from '../load-tenant'
import type { ClusterTarget } from '../target'

export type WorkloadKind = 'Deployment' | 'StatefulSet'

interface WorkloadStatus {
  replicas?: number
  readyReplicas?: number
  updatedReplicas?: number
  availableReplicas?: number
  observedGeneration?: number
}

export function workloadReadiness(object: KubeObject | null): { ready: number; desired: number; done: boolean } {
  if (!object) return { ready: 0, desired: 0, done: false }
  const desired = (object.spec as { replicas?: number } | undefined)?.replicas ?? 1
  const status = (object.status ?? {}) as WorkloadStatus
  const generation = (object.metadata as { generation?: number }).generation ?? 0
  const ready = status.readyReplicas ?? 0
  const observed = (status.observedGeneration ?? 0) >= generation
  const settled = (status.replicas ?? 0) === desired && (status.updatedReplicas ?? 0) >= desired
  return { ready, desired, done: observed && ready >= desired && settled }
}

/** A CloudNativePG Cluster is ready when status.readyInstances equals spec.instances (the operator's default: 1). */
export function databaseClusterReadiness(object: KubeObject | null): { ready: number; desired: number; done: boolean } {
  if (!object) return { ready: 0, desired: 0, done: false }
  const desired = (object.spec as { instances?: number } | undefined)?.instances ?? 1
  const ready = (object.status as { readyInstances?: number } | undefined)?.readyInstances ?? 0
  return { ready, desired, done: ready === desired }
}

const CNPG_CLUSTER = { apiVersion: 'postgresql.cnpg.io/v1', kind: 'Cluster' } as const

/**
 * Whether a list failed because the API server does not serve the kind. The Kubernetes port says
 * INVALID (lib/k8s/client.ts: 404 for a group version it does not serve, "has no kind" for a kind
 * missing from a version it serves); a plain NOT_FOUND means the same.
 */

/** The tenant's CloudNativePG Clusters; none where the operator's CRD is not installed. */
async function databaseClusters(target: ClusterTarget, tenant: LoadedTenant): Promise<KubeObject[]> {
  try {
    return await target.kube.list(CNPG_CLUSTER.apiVersion, CNPG_CLUSTER.kind, {
      namespace: tenant.namespace,
      labelSelector: tenantSelector(tenant.id),
    })
  } catch (error) {
    if (isNotServed(error)) return []
    throw error
  }
}

export async function waitForWorkloads(
  target: ClusterTarget,
  tenant: LoadedTenant,
  kind: WorkloadKind,
  stepName: string,
): Promise<{ message: string }> {
  if (target.mode === 'dry-run') return { message: `Dry-run: nothing runs, ${kind} readiness not checked` }
  const workloads = await target.kube.list('apps/v1', kind, { namespace: tenant.namespace, labelSelector: tenantSelector(tenant.id) })
  const clusters = kind === 'StatefulSet' ? await databaseClusters(target, tenant) : []
  if (workloads.length === 0 && clusters.length === 0) return { message: `No ${kind} in this plan` }
  const timeoutMs = getEnv().stepTimeoutMs(stepName)
  const summaries: string[] = []
  for (const workload of workloads) {
    const ref = { apiVersion: 'apps/v1', kind, name: workload.metadata.name, namespace: tenant.namespace }
    const final = await target.kube.waitFor(ref, (o) => workloadReadiness(o).done, { timeoutMs, description: describeRef(ref) })
    const { ready, desired } = workloadReadiness(final)
    summaries.push(`${kind} ${workload.metadata.name}: ${ready}/${desired} ready`)
  }
  for (const cluster of clusters) {
    const ref = { ...CNPG_CLUSTER, name: cluster.metadata.name, namespace: tenant.namespace }
    const final = await target.kube.waitFor(ref, (o) => databaseClusterReadiness(o).done, { timeoutMs, description: describeRef(ref) })
    const { ready, desired } = databaseClusterReadiness(final)
    summaries.push(`Cluster ${cluster.metadata.name}: ${ready}/${desired} instances ready`)
  }
  return { message: summaries.join('; ') }
}
