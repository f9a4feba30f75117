/**
 * The console's live view of one tenant's cluster objects, read from the API server: namespace
 * phase, quota hard/used, workloads with readiness, pods, volume claims, network policies and
 * ingress hosts. Super-admins only (the caller checks); "unavailable" when the cluster does not
 * answer, "dry-run" when there is no cluster.
 */
import { db } from '../db'
import { AppError } from '../errors/app-error'
import type { KubeObject } from '../k8s/port'
import { GUARDRAIL_NAMES, tenantSelector } from '../provisioning/guardrails'
import { workloadReadiness } from '../provisioning/steps/wait-workloads'
import { clusterTarget } from '../provisioning/target'

export interface ClusterObjects {
  mode: 'live' | 'dry-run'
  available: boolean
  error?: string
  namespace?: { name: string; phase: string; podSecurity: string | null }
  quota?: { resource: string; hard: string; used: string }[]
  workloads?: { kind: string; name: string; ready: number; desired: number }[]
  pods?: { name: string; phase: string; ready: boolean }[]
  claims?: { name: string; phase: string; capacity: string | null }[]
  networkPolicies?: string[]
  ingressHosts?: string[]
}

const status = <T>(o: KubeObject) => (o.status ?? {}) as T

export async function getClusterObjects(input: { tenantId: string }): Promise<ClusterObjects> {
  const tenant = await db.tenant.findUnique({ where: { id: input.tenantId }, select: { id: true, namespace: true } })
  if (!tenant) throw new AppError('NOT_FOUND', 'Tenant not found')
  const target = clusterTarget()
  if (target.mode === 'dry-run') return { mode: 'dry-run', available: true }
  const { kube } = target
  const ns = tenant.namespace
  const ours = { namespace: ns, labelSelector: tenantSelector(tenant.id) }
  try {
    const [namespace, quota, deployments, statefulSets, pods, claims, policies, ingresses] = await Promise.all([
      kube.get({ apiVersion: 'v1', kind: 'Namespace', name: ns }),
      kube.get({ apiVersion: 'v1', kind: 'ResourceQuota', name: GUARDRAIL_NAMES.quota, namespace: ns }),
      kube.list('apps/v1', 'Deployment', ours),
      kube.list('apps/v1', 'StatefulSet', ours),
      kube.list('v1', 'Pod', { namespace: ns }),
      kube.list('v1', 'PersistentVolumeClaim', { namespace: ns }),
      kube.list('networking.k8s.io/v1', 'NetworkPolicy', { namespace: ns }),
      kube.list('networking.k8s.io/v1', 'Ingress', { namespace: ns }),
    ])
    const quotaStatus = quota ? status<{ hard?: Record<string, string>; used?: Record<string, string> }>(quota) : {}
    return {
      mode: 'live',
      available: true,
      namespace: namespace
        ? {
            name: ns,
            phase: status<{ phase?: string }>(namespace).phase ?? 'Unknown',
            podSecurity: namespace.metadata.labels?.['pod-security.kubernetes.io/enforce'] ?? null,
          }
        : undefined,
      quota: Object.entries(quotaStatus.hard ?? {}).map(([resource, hard]) => ({
        resource,
        hard,
        used: quotaStatus.used?.[resource] ?? '—',
      })),
      workloads: [...statefulSets, ...deployments].map((w) => ({ kind: w.kind, name: w.metadata.name, ...workloadReadiness(w) })),
      pods: pods.map((p) => {
        const s = status<{ phase?: string; conditions?: { type: string; status: string }[] }>(p)
        return {
          name: p.metadata.name,
          phase: s.phase ?? 'Unknown',
          ready: (s.conditions ?? []).some((c) => c.type === 'Ready' && c.status === 'True'),
        }
      }),
      claims: claims.map((c) => {
        const s = status<{ phase?: string; capacity?: { storage?: string } }>(c)
        return { name: c.metadata.name, phase: s.phase ?? 'Unknown', capacity: s.capacity?.storage ?? null }
      }),
      networkPolicies: policies.map((p) => p.metadata.name),
      ingressHosts: ingresses.flatMap((i) =>
        ((i.spec as { rules?: { host?: string }[] } | undefined)?.rules ?? []).map((r) => r.host ?? '*'),
      ),
    }
  } catch (error) {
    return { mode: 'live', available: false, error: error instanceof Error ? error.message : String(error) }
  }
}
