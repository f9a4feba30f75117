// tenant/resume.requested (payment, an admin) → restore the recorded replica counts, resume
// CronJobs, wait until every workload is ready → ACTIVE.
import { recordAudit } from '@/lib/audit/record-audit'
import { loadTenant, setTenantState } from '@/lib/provisioning/load-tenant'
import { scaleUp } from '@/lib/provisioning/steps/scale-workloads'
import { defineTenantWorkflow } from './tenant-workflow'

export const resumeTenant = defineTenantWorkflow(
  { id: 'provisioning-resume-tenant', event: 'tenant/resume.requested', kind: 'RESUME' },
  async ({ wf, target, data: { tenantId, requestedBy } }) => {
    const tenant = await loadTenant(tenantId)
    await wf.recorded('scale-up', () => scaleUp(target, tenant))
    await wf.recorded('record', async () => {
      await setTenantState(tenantId, { state: 'ACTIVE', suspendedAt: null, suspendReason: null })
      await recordAudit({
        action: 'tenant.resumed',
        actorType: requestedBy ? 'USER' : 'SYSTEM',
        actorUserId: requestedBy ?? null,
        orgId: tenant.orgId,
        tenantId,
        before: { state: tenant.state },
        after: { state: 'ACTIVE' },
      })
      return { message: 'Running again' }
    })
  },
)
