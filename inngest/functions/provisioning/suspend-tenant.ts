// tenant/suspend.requested (trial expired, dunning, an admin) → scale every workload to zero and
// suspend CronJobs, keeping the volumes → SUSPENDED. A resume request cancels a waiting suspend.
import { recordAudit } from '@/lib/audit/record-audit'
import { defineJob } from '@/lib/jobs/define'
import { loadTenant, setTenantState } from '@/lib/provisioning/load-tenant'
import { scaleDown } from '@/lib/provisioning/steps/scale-workloads'
import { clusterTarget } from '@/lib/provisioning/target'
import { beginTenantWorkflow, WORKFLOW_RETRIES } from '@/lib/provisioning/workflow'
import { TENANT_CONCURRENCY } from './provision-tenant'

export const suspendTenant = defineJob(
  { id: 'provisioning-suspend-tenant', trigger: { event: 'tenant/suspend.requested' }, retries: WORKFLOW_RETRIES, concurrency: TENANT_CONCURRENCY },
  async (ctx) => {
    const { tenantId, reason, requestedBy } = ctx.event.data
    const target = clusterTarget()
    const wf = await beginTenantWorkflow(ctx, { tenantId, kind: 'SUSPEND', requestedBy, dryRun: target.mode === 'dry-run', onFailure: () => setTenantState(tenantId, { state: 'FAILED' }) })
    const tenant = await loadTenant(tenantId)
    await wf.recorded('scale-down', () => scaleDown(target, tenant))
    await wf.recorded('record', async () => {
      await setTenantState(tenantId, { state: 'SUSPENDED', suspendedAt: new Date(), suspendReason: reason })
      await recordAudit({ action: 'tenant.suspended', actorType: requestedBy ? 'USER' : 'SYSTEM', actorUserId: requestedBy ?? null, orgId: tenant.orgId, tenantId, reason, before: { state: tenant.state }, after: { state: 'SUSPENDED' } })
      return { message: `Suspended: ${reason}` }
    })
    await wf.succeed()
  },
)
