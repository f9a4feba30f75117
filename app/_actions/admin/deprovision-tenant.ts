'use server'
// Console → tenant → Deprovision, with a reason and the tenant's slug typed to confirm.
import { adminAction } from '@/app/_server/action'
import { deprovisionTenant, deprovisionTenantInput } from '@/lib/admin/deprovision-tenant'

export const deprovisionTenantAction = adminAction({
  name: 'admin-deprovision-tenant',
  operation: 'tenant.deprovision',
  input: deprovisionTenantInput,
  run: deprovisionTenant,
})
