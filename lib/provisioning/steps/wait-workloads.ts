/**
 * Provisioning steps "wait for the database" and "wait for the app": watches every StatefulSet
 * (or Deployment) of the tenant until all its replicas are ready, within the step's configured
 * timeout. A timeout names the workload and what it saw ("StatefulSet tenant-acme/postgres: 0/1
 * ready").
 */
import { getEnv } from '../../env'
import type { KubeObject } from '../../k8s/port'
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

export async function waitForWorkloads(
  target: ClusterTarget,
  tenant: LoadedTenant,
  kind: WorkloadKind,
  stepName: string,
): Promise<{ message: string }> {
  if (target.mode === 'dry-run') return { message: `Dry-run: nothing runs, ${kind} readiness not checked` }
  const workloads = await target.kube.list('apps/v1', kind, { namespace: tenant.namespace, labelSelector: tenantSelector(tenant.id) })
  if (workloads.length === 0) return { message: `No ${kind} in this plan` }
  const timeoutMs = getEnv().stepTimeoutMs(stepName)
  const summaries: string[] = []
  for (const workload of workloads) {
    const ref = { apiVersion: 'apps/v1', kind, name: workload.metadata.name, namespace: tenant.namespace }
    const final = await target.kube.waitFor(ref, (o) => workloadReadiness(o).done, { timeoutMs, description: describeRef(ref) })
    const { ready, desired } = workloadReadiness(final)
    summaries.push(`${kind} ${workload.metadata.name}: ${ready}/${desired} ready`)
  }
  return { message: summaries.join('; ') }
}
