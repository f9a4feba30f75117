'use server'
// Console → tenant → Resume, with a reason: the resume workflow restores the replicas.
import { adminAction } from '@/app/_server/action'
import { resumeTenant, resumeTenantInput } from '@/lib/admin/resume-tenant'

export const resumeTenantAction = adminAction({
  name: 'admin-resume-tenant',
  operation: 'tenant.resume',
  input: resumeTenantInput,
  run: resumeTenant,
})
