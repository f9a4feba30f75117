/**
 * For *.cluster.test.ts: the local Kubernetes cluster that `npm run cluster:up` starts
 * (scripts/cluster/). Its admin kubeconfig is .cluster/kubeconfig; the node simulator binds and
 * readies pods and binds claims, and makes pods matching setFailingPods() crash-loop.
 */
import fs from 'node:fs'
import path from 'node:path'
import { ApiException, CoreV1Api, Health, KubeConfig, PatchStrategy, setHeaderOptions } from '@kubernetes/client-node'
import { isAlive } from '../../os/is-alive'

const repoRoot = path.resolve(import.meta.dirname, '..', '..', '..')
const faults = { namespace: 'kube-system', name: 'node-simulator', key: 'failing' } as const

/** The admin kubeconfig of the local cluster; throws when the cluster has not been started. */
export function clusterKubeconfigPath(): string {
  const dir = process.env.TENANCY_CLUSTER_DIR ? path.resolve(process.env.TENANCY_CLUSTER_DIR) : path.join(repoRoot, '.cluster')
  const file = path.join(dir, 'kubeconfig')
  if (!fs.existsSync(file))
    throw new Error(`No local Kubernetes cluster (${file} is missing): run npm run cluster:up (or npm run test:cluster)`)
  return file
}

/** A loaded KubeConfig for the cluster's admin (group system:masters). */
export function adminKubeConfig(): KubeConfig {
  const kc = new KubeConfig()
  kc.loadFromFile(clusterKubeconfigPath())
  return kc
}

/** True when the kubeconfig exists and the API server answers /readyz. */
export async function isClusterUp(): Promise<boolean> {
  let kc: KubeConfig
  try {
    kc = adminKubeConfig()
  } catch {
    return false
  }
  try {
    return await new Health(kc).readyz({ signal: AbortSignal.timeout(3000) })
  } catch {
    return false
  }
}

/**
 * Makes the node simulator keep pods matching `<namespace>/<pod-name-prefix>` Running but not
 * Ready (CrashLoopBackOff); pods that no longer match become Ready. Replaces this process's list
 * (pass [] to clear it): each test process writes its own key `failing.<pid>` of the ConfigMap
 * kube-system/node-simulator, so concurrent test files never clear each other's patterns.
 * Patterns apply cluster-wide: scope them to the test's own namespace.
 */
export async function setFailingPods(patterns: string[]): Promise<void> {
  const core = adminKubeConfig().makeApiClient(CoreV1Api)
  const own = `${faults.key}.${process.pid}`
  let current: Record<string, string> | undefined
  try {
    current = (await core.readNamespacedConfigMap({ name: faults.name, namespace: faults.namespace })).data ?? {}
  } catch (error) {
    if (!(error instanceof ApiException && error.code === 404)) throw error
  }
  const data: Record<string, string | null> = { [own]: patterns.length ? patterns.join('\n') : null }
  for (const key of Object.keys(current ?? {})) {
    const pid = Number(key.slice(faults.key.length + 1))
    // An entry left by a finished process goes.
    if (key.startsWith(`${faults.key}.`) && key !== own && Number.isInteger(pid) && !isAlive(pid)) data[key] = null
  }
  if (current === undefined) {
    const initial = Object.fromEntries(Object.entries(data).filter((entry): entry is [string, string] => entry[1] !== null))
    try {
      await core.createNamespacedConfigMap({
        namespace: faults.namespace,
        body: { metadata: { name: faults.name, namespace: faults.namespace }, data: initial },
      })
      return
    } catch (error) {
      if (!(error instanceof ApiException && error.code === 409)) throw error // created meanwhile: patch it
    }
  }
  await core.patchNamespacedConfigMap(
    { name: faults.name, namespace: faults.namespace, body: { data } },
    setHeaderOptions('Content-Type', PatchStrategy.MergePatch),
  )
}
