/**
 * Deprovisioning: uninstall the release, delete the namespace (which takes the volumes, the
 * guardrails and everything else with it) and wait until it is gone.
 */
import { getEnv } from '../../env'
import { RELEASE_NAME, type LoadedTenant } from '../load-tenant'
import type { ClusterTarget } from '../target'

export async function uninstallRelease(target: ClusterTarget, tenant: LoadedTenant): Promise<{ message: string }> {
  if (target.mode === 'dry-run') return { message: `Dry-run: release ${RELEASE_NAME} would be uninstalled` }
  const removed = await target.helm.uninstall(RELEASE_NAME, tenant.namespace)
  return { message: removed ? `Release ${RELEASE_NAME} uninstalled` : `Release ${RELEASE_NAME} was not installed` }
}

export async function deleteNamespace(target: ClusterTarget, tenant: LoadedTenant): Promise<{ message: string }> {
  const ref = { apiVersion: 'v1', kind: 'Namespace', name: tenant.namespace }
  const existed = await target.kube.delete(ref, { propagationPolicy: 'Foreground' })
  if (target.mode === 'live') {
    await target.kube.waitFor(ref, (ns) => ns === null, {
      timeoutMs: getEnv().stepTimeoutMs('delete-namespace'),
      description: `Namespace ${tenant.namespace} deletion`,
    })
  }
  return { message: existed ? `Namespace ${tenant.namespace} deleted` : `Namespace ${tenant.namespace} was already gone` }
}
