/**
 * Plan change step "resize-volumes": the chart keeps an existing claim's spec as it is (a
 * StatefulSet's claim templates cannot change either), so after an upgrade each claim smaller
 * than the new plan's size for it is grown on the claim itself. Claims never shrink. A storage
 * class that does not allow expansion, or a quota the sum would exceed, leaves that claim as it
 * is and says so in the step's message: the plan change itself has succeeded.
 */
import { KubeError, type KubeObject } from '../../k8s/port'
import { parseQuantity } from '../../k8s/quantity'
import { volumeClaims } from '../../apps/app-needs'
import { volumeSizes } from '../../apps/tenant-facts'
import type { LoadedTenant } from '../load-tenant'
import type { ClusterTarget } from '../target'

/** The size the plan gives each claim of a volume the app grows with the plan, by claim name. */
export function planClaimSizes(tenant: Pick<LoadedTenant, 'app' | 'plan'>): Map<string, string> {
  const sizes = volumeSizes(tenant.app, tenant.plan)
  const growing = new Set(tenant.app.volumes.filter((v) => v.growsWithPlan).map((v) => v.name))
  return new Map(
    volumeClaims(tenant.app, tenant.plan)
      .filter((c) => growing.has(c.volume))
      .map((c) => [c.name, sizes.get(c.volume)!.size]),
  )
}

export async function resizeVolumes(target: ClusterTarget, tenant: LoadedTenant): Promise<{ message: string }> {
  const sizes = planClaimSizes(tenant)
  const claims: KubeObject[] = await target.kube.list('v1', 'PersistentVolumeClaim', { namespace: tenant.namespace })
  const grown: string[] = []
  const kept: string[] = []
  for (const claim of claims) {
    const name = claim.metadata.name
    const wanted = sizes.get(name)
    const current = (claim.spec as { resources?: { requests?: { storage?: string } } } | undefined)?.resources?.requests?.storage
    if (!wanted || !current || parseQuantity(current) >= parseQuantity(wanted)) continue
    try {
      await target.kube.patch(
        { apiVersion: 'v1', kind: 'PersistentVolumeClaim', name, namespace: tenant.namespace },
        { spec: { resources: { requests: { storage: wanted } } } },
      )
      grown.push(`${name} ${current} → ${wanted}`)
    } catch (error) {
      // Refused by the API server (no expansion in the storage class, the quota): not the plan's failure.
      if (error instanceof KubeError && ['FORBIDDEN', 'INVALID', 'QUOTA'].includes(error.code))
        kept.push(`${name} kept at ${current} (${error.message})`)
      else throw error
    }
  }
  if (!grown.length && !kept.length)
    return { message: target.mode === 'dry-run' ? 'No claims to grow (dry-run: nothing was created)' : 'Every volume already has its size' }
  return {
    message: [grown.length ? `Grown: ${grown.join(', ')}` : '', kept.length ? `Not grown: ${kept.join('; ')}` : '']
      .filter(Boolean)
      .join('. '),
  }
}
