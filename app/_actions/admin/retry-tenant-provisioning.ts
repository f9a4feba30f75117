'use server'
// Console → tenant → Retry provisioning of a failed instance, with a reason.
import { adminAction } from '@/app/_server/action'
import { retryTenantProvisioning, retryTenantProvisioningInput } from '@/lib/admin/retry-tenant-provisioning'

export const retryTenantProvisioningAction = adminAction({
  name: 'admin-retry-tenant-provisioning',
  operation: 'tenant.retry_provisioning',
  input: retryTenantProvisioningInput,
  run: retryTenantProvisioning,
})
