// tenant/resume.requested (payment, an admin) → restore the recorded replica counts, resume
// CronJobs, wait until every workload is ready → ACTIVE.
import { recordAudit } from '@/lib/audit/record-audit'
import { defineJob } from '@/lib/jobs/define'
import { loadTenant, setTenantState } from '@/lib/provisioning/load-tenant'
import { scaleUp } from '@/lib/provisioning/steps/scale-workloads'
import { clusterTarget } from '@/lib/provisioning/target'
import { beginTenantWorkflow, WORKFLOW_RETRIES } from '@/lib/provisioning/workflow'
import { TENANT_CONCURRENCY } from './provision-tenant'

export const resumeTenant = defineJob(
  { id: 'provisioning-resume-tenant', trigger: { event: 'tenant/resume.requested' }, retries: WORKFLOW_RETRIES, concurrency: TENANT_CONCURRENCY },
  async (ctx) => {
    const { tenantId, requestedBy } = ctx.event.data
    const target = clusterTarget()
    const wf = await beginTenantWorkflow(ctx, { tenantId, kind: 'RESUME', requestedBy, dryRun: target.mode === 'dry-run', onFailure: () => setTenantState(tenantId, { state: 'FAILED' }) })
    const tenant = await loadTenant(tenantId)
    await wf.recorded('scale-up', () => scaleUp(target, tenant))
    await wf.recorded('record', async () => {
      await setTenantState(tenantId, { state: 'ACTIVE', suspendedAt: null, suspendReason: null })
      await recordAudit({ action: 'tenant.resumed', actorType: requestedBy ? 'USER' : 'SYSTEM', actorUserId: requestedBy ?? null, orgId: tenant.orgId, tenantId, before: { state: tenant.state }, after: { state: 'ACTIVE' } })
      return { message: 'Running again' }
    })
    await wf.succeed()
  },
)
