'use server'
// Console → tenant → Change plan (the instance's, not billing's), with a reason.
import { adminAction } from '@/app/_server/action'
import { changeTenantPlan, changeTenantPlanInput } from '@/lib/admin/change-tenant-plan'

export const changeTenantPlanAction = adminAction({
  name: 'admin-change-tenant-plan',
  operation: 'tenant.change_plan',
  input: changeTenantPlanInput,
  run: changeTenantPlan,
})
