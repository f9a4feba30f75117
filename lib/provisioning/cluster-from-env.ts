/**
 * The cluster target from configuration: CLUSTER_MODE and KUBECONFIG choose a live cluster
 * (client-node + the helm binary pointed at the same kubeconfig) or, with no kubeconfig and no
 * in-cluster service account, the dry-run cluster. Helm commands stop with the process's shutdown
 * (once it aborts what is still in flight).
 */
import { getEnv } from '../env'
import { HelmCli } from '../helm/helm'
import { createKubeClient } from '../k8s/client'
import { processShutdown } from '../os/shutdown'
import { createDryRunKube } from '../k8s/dry-run'
import { resolveKubeconfig } from '../k8s/kubeconfig'
import { validateManifest } from '../k8s/validate'
import type { ClusterTarget } from './target'

export function clusterTargetFromEnv(): ClusterTarget {
  const env = getEnv()
  const resolved = resolveKubeconfig({ mode: env.CLUSTER_MODE, kubeconfigPath: env.KUBECONFIG })
  const { signal } = processShutdown()
  if (resolved.mode === 'dry-run')
    return { mode: 'dry-run', kube: createDryRunKube({ validate: validateManifest }), helm: new HelmCli({ signal }) }
  const kube = createKubeClient(resolved.mode === 'in-cluster' ? { inCluster: true } : { kubeconfigPath: resolved.kubeconfigPath })
  // helm inside a pod finds the service account itself; otherwise it uses the same kubeconfig.
  return { mode: 'live', kube, helm: new HelmCli({ kubeconfig: resolved.kubeconfigPath, signal }) }
}
