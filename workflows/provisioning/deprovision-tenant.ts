// tenant/deprovision.requested (retention over, an admin) → helm uninstall → delete the namespace
// → wait until it is gone → DEPROVISIONED (the row stays for invoices and audit).
import { recordAudit } from '@/lib/audit/record-audit'
import { loadTenant, setTenantState } from '@/lib/provisioning/load-tenant'
import { deleteNamespace, uninstallRelease } from '@/lib/provisioning/steps/remove-instance'
import { defineTenantWorkflow } from './tenant-workflow'

export const deprovisionTenant = defineTenantWorkflow(
  { id: 'provisioning-deprovision-tenant', event: 'tenant/deprovision.requested', kind: 'DEPROVISION' },
  async ({ wf, target, data: { tenantId, requestedBy } }) => {
    const tenant = await loadTenant(tenantId)
    await wf.recorded('mark-deprovisioning', async () => {
      await setTenantState(tenantId, { state: 'DEPROVISIONING' })
      return { message: `Removing ${tenant.namespace}` }
    })
    await wf.recorded('helm-uninstall', () => uninstallRelease(target, tenant))
    await wf.recorded('delete-namespace', () => deleteNamespace(target, tenant))
    await wf.recorded('record', async () => {
      await setTenantState(tenantId, { state: 'DEPROVISIONED', sealedCredentials: null, credentialsReady: false })
      await recordAudit({
        action: 'tenant.deprovisioned',
        actorType: requestedBy ? 'USER' : 'SYSTEM',
        actorUserId: requestedBy ?? null,
        orgId: tenant.orgId,
        tenantId,
        before: { state: tenant.state },
        after: { state: 'DEPROVISIONED' },
      })
      return { message: 'Instance removed' }
    })
  },
)
