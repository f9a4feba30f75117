/**
 * The instance panel's live view: each Deployment and StatefulSet of the tenant with its ready
 * and desired replicas, read from the cluster. Unavailable (not an error page) when the cluster
 * does not answer; empty in dry-run mode.
 */
import { db } from '../db'
import { tenantSelector } from './guardrails'
import { workloadReadiness } from './steps/wait-workloads'
import { clusterTarget } from './target'

export interface WorkloadStatus {
  mode: 'live' | 'dry-run'
  available: boolean
  workloads: { kind: string; name: string; ready: number; desired: number }[]
}

/** Scoped by an organization id the caller has already authorized. */
export async function getWorkloadStatus(orgId: string): Promise<WorkloadStatus> {
  const target = clusterTarget()
  const tenant = await db.tenant.findFirst({
    where: { orgId, state: { notIn: ['PENDING', 'DEPROVISIONED'] } },
    orderBy: { createdAt: 'desc' },
    select: { id: true, namespace: true },
  })
  if (!tenant || target.mode === 'dry-run') return { mode: target.mode, available: true, workloads: [] }
  try {
    const options = { namespace: tenant.namespace, labelSelector: tenantSelector(tenant.id) }
    const [deployments, statefulSets] = await Promise.all([
      target.kube.list('apps/v1', 'Deployment', options),
      target.kube.list('apps/v1', 'StatefulSet', options),
    ])
    return {
      mode: 'live',
      available: true,
      workloads: [...statefulSets, ...deployments].map((w) => {
        const { ready, desired } = workloadReadiness(w)
        return { kind: w.kind, name: w.metadata.name, ready, desired }
      }),
    }
  } catch {
    return { mode: 'live', available: false, workloads: [] }
  }
}
