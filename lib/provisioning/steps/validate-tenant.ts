/**
 * Step 1 of provisioning: the tenant, its plan and its names are sound and the cluster answers.
 * Moves the tenant to PROVISIONING.
 */
import { AppError } from '../../errors/app-error'
import { isValidDnsLabel } from '../../k8s/names'
import type { ClusterTarget } from '../target'
import { loadTenant, setTenantState } from '../load-tenant'

const PROVISIONABLE = new Set(['PENDING', 'PROVISIONING', 'FAILED', 'ACTIVE'])

export async function validateTenant(target: ClusterTarget, tenantId: string): Promise<{ message: string }> {
  const tenant = await loadTenant(tenantId)
  if (!PROVISIONABLE.has(tenant.state))
    throw new AppError('CONFLICT', `Tenant ${tenant.slug} is ${tenant.state.toLowerCase()}; it cannot be provisioned now`)
  if (!isValidDnsLabel(tenant.slug)) throw new AppError('VALIDATION', `Slug "${tenant.slug}" is not a DNS-1123 label`)
  if (!isValidDnsLabel(tenant.namespace)) throw new AppError('VALIDATION', `Namespace "${tenant.namespace}" is not a DNS-1123 label`)
  const { gitVersion } = await target.kube.ping()
  await setTenantState(tenant.id, { state: 'PROVISIONING' })
  return {
    message:
      target.mode === 'dry-run'
        ? `Plan ${tenant.plan.name}; dry-run cluster: manifests are validated, nothing is applied`
        : `Plan ${tenant.plan.name}; cluster ${gitVersion}`,
  }
}
