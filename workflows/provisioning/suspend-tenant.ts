// tenant/suspend.requested (trial expired, dunning, an admin) → scale every workload to zero and
// suspend CronJobs, keeping the volumes → SUSPENDED.
import { recordAudit } from '@/lib/audit/record-audit'
import { loadTenant, setTenantState } from '@/lib/provisioning/load-tenant'
import { scaleDown } from '@/lib/provisioning/steps/scale-workloads'
import { defineTenantWorkflow } from './tenant-workflow'

export const suspendTenant = defineTenantWorkflow(
  { id: 'provisioning-suspend-tenant', event: 'tenant/suspend.requested', kind: 'SUSPEND' },
  async ({ wf, target, data: { tenantId, reason, requestedBy } }) => {
    const tenant = await loadTenant(tenantId)
    await wf.recorded('scale-down', () => scaleDown(target, tenant))
    await wf.recorded('record', async () => {
      await setTenantState(tenantId, { state: 'SUSPENDED', suspendedAt: new Date(), suspendReason: reason })
      await recordAudit({
        action: 'tenant.suspended',
        actorType: requestedBy ? 'USER' : 'SYSTEM',
        actorUserId: requestedBy ?? null,
        orgId: tenant.orgId,
        tenantId,
        reason,
        before: { state: tenant.state },
        after: { state: 'SUSPENDED' },
      })
      return { message: `Suspended: ${reason}` }
    })
  },
)
