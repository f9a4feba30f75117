// tenant/deprovision.requested (retention over, an admin) → helm uninstall → delete the namespace
// → wait until it is gone → DEPROVISIONED (the row stays for invoices and audit).
import { recordAudit } from '@/lib/audit/record-audit'
import { defineJob } from '@/lib/jobs/define'
import { loadTenant, setTenantState } from '@/lib/provisioning/load-tenant'
import { deleteNamespace, uninstallRelease } from '@/lib/provisioning/steps/remove-instance'
import { clusterTarget } from '@/lib/provisioning/target'
import { beginTenantWorkflow, WORKFLOW_RETRIES } from '@/lib/provisioning/workflow'
import { TENANT_CONCURRENCY } from './provision-tenant'

export const deprovisionTenant = defineJob(
  { id: 'provisioning-deprovision-tenant', trigger: { event: 'tenant/deprovision.requested' }, retries: WORKFLOW_RETRIES, concurrency: TENANT_CONCURRENCY },
  async (ctx) => {
    const { tenantId, requestedBy } = ctx.event.data
    const target = clusterTarget()
    const wf = await beginTenantWorkflow(ctx, { tenantId, kind: 'DEPROVISION', requestedBy, dryRun: target.mode === 'dry-run', onFailure: () => setTenantState(tenantId, { state: 'FAILED' }) })
    const tenant = await loadTenant(tenantId)
    await wf.recorded('mark-deprovisioning', async () => {
      await setTenantState(tenantId, { state: 'DEPROVISIONING' })
      return { message: `Removing ${tenant.namespace}` }
    })
    await wf.recorded('helm-uninstall', () => uninstallRelease(target, tenant))
    await wf.recorded('delete-namespace', () => deleteNamespace(target, tenant))
    await wf.recorded('record', async () => {
      await setTenantState(tenantId, { state: 'DEPROVISIONED', sealedCredentials: null, credentialsReady: false })
      await recordAudit({ action: 'tenant.deprovisioned', actorType: requestedBy ? 'USER' : 'SYSTEM', actorUserId: requestedBy ?? null, orgId: tenant.orgId, tenantId, before: { state: tenant.state }, after: { state: 'DEPROVISIONED' } })
      return { message: 'Instance removed' }
    })
    await wf.succeed()
  },
)
