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
  chartPath: string
}

let current: ClusterTarget | undefined
let factory: (() => ClusterTarget) | undefined

export function configureCluster(target: ClusterTarget | (() => ClusterTarget)): void {
  if (typeof target === 'function') {
    factory = target
    current = undefined
  } else {
    current = target
  }
}

export function clusterTarget(): ClusterTarget {
  current ??= factory?.()
  if (!current) throw new Error('No cluster configured: call configureCluster() at boot')
  return current
}
