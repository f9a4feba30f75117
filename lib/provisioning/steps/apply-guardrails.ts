/**
 * Provisioning steps 2 and 3: the tenant's namespace (labels, Pod Security `restricted`), then
 * its guardrails (quota, limits, network policies, workload ServiceAccount and Role), applied
 * server-side with field manager `tenancy`. Re-applying is a no-op, so a retry is safe; a plan
 * change re-applies them with the new plan's quota (and the namespace with the new plan's label).
 */
import { guardrailOptions, needsOf } from '../../apps/platform'
import { getEnv } from '../../env'
import { plural } from '../../format'
import { buildGuardrails } from '../guardrails'
import type { LoadedTenant } from '../load-tenant'
import type { ClusterTarget } from '../target'

function manifests(tenant: LoadedTenant) {
  return buildGuardrails(tenant.plan, needsOf(tenant.app, tenant.plan), tenant, guardrailOptions())
}

export async function applyNamespace(target: ClusterTarget, tenant: LoadedTenant): Promise<{ message: string }> {
  const [namespace] = manifests(tenant).filter((o) => o.kind === 'Namespace')
  await target.kube.apply(namespace!, { force: true })
  if (target.mode === 'live') {
    await target.kube.waitFor(
      { apiVersion: 'v1', kind: 'Namespace', name: tenant.namespace },
      (ns) => (ns?.status as { phase?: string } | undefined)?.phase === 'Active',
      { timeoutMs: getEnv().stepTimeoutMs('namespace'), description: `Namespace ${tenant.namespace}` },
    )
  }
  return { message: `Namespace ${tenant.namespace} (Pod Security: restricted)` }
}

export async function applyGuardrails(target: ClusterTarget, tenant: LoadedTenant): Promise<{ message: string }> {
  const all = manifests(tenant)
  // The namespace again: its labels name the plan (a plan change must not leave the old one, which
  // the reconciler would report as drift). Re-applying an unchanged namespace is a no-op.
  for (const object of all) await target.kube.apply(object, { force: true })
  const objects = all.filter((o) => o.kind !== 'Namespace')
  return { message: countKinds(objects.map((o) => o.kind)) }
}

/** "1 ResourceQuota, 1 LimitRange, 4 NetworkPolicies": each kind once, in order of first appearance, with its count. */
export function countKinds(kinds: string[]): string {
  const counts = new Map<string, number>()
  for (const kind of kinds) counts.set(kind, (counts.get(kind) ?? 0) + 1)
  return [...counts].map(([kind, n]) => plural(n, kind)).join(', ')
}
