'use server'
// Console → tenant → Suspend, with a reason: the suspend workflow scales the instance to zero.
import { adminAction } from '@/app/_server/action'
import { suspendTenant, suspendTenantInput } from '@/lib/admin/suspend-tenant'

export const suspendTenantAction = adminAction({
  name: 'admin-suspend-tenant',
  operation: 'tenant.suspend',
  input: suspendTenantInput,
  run: suspendTenant,
})
