/**
 * The cluster the provisioning workflows act on: a live cluster (client-node + helm) or the
 * dry-run stand-in. Chosen from configuration at boot (cluster-from-env.ts); tests configure one.
 */
import type { HelmPort } from '../helm/port'
import type { KubePort } from '../k8s/port'

export interface ClusterTarget {
  /** live: objects are applied to a real API server. dry-run: validated and stored only. */
  mode: 'live' | 'dry-run'
  kube: KubePort
  helm: HelmPort
}

// On globalThis: Next bundles the instrumentation hook (which configures it at boot) and the
// routes separately, and both must see the same cluster (the dry-run one keeps state in memory).
const KEY = Symbol.for('tenancy.cluster.target')
const holder = ((globalThis as Record<symbol, { current?: ClusterTarget; factory?: () => ClusterTarget }>)[KEY] ??= {})

export function configureCluster(target: ClusterTarget | (() => ClusterTarget)): void {
  if (typeof target === 'function') {
    holder.factory = target
    holder.current = undefined
  } else {
    holder.current = target
  }
}

export function clusterTarget(): ClusterTarget {
  holder.current ??= holder.factory?.()
  if (!holder.current) throw new Error('No cluster configured: call configureCluster() at boot')
  return holder.current
}
