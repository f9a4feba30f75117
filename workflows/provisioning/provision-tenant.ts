// tenant/provision.requested → validate → namespace → guardrails → secrets → helm → wait for the
// database → wait for the app → ingress + TLS → record → notify. One tenant workflow at a time
// (account-scoped key), each step recorded on the tenant's timeline. A failure marks the tenant
// FAILED and tells the owners; "retry" sends a new event and starts a new run.
import { getEnv } from '@/lib/env'
import { plural } from '@/lib/format'
import { loadTenant, setTenantState } from '@/lib/provisioning/load-tenant'
import { applyGuardrails, applyNamespace } from '@/lib/provisioning/steps/apply-guardrails'
import { checkIngress } from '@/lib/provisioning/steps/check-ingress'
import { ensureCredentials } from '@/lib/provisioning/steps/ensure-credentials'
import { installRelease } from '@/lib/provisioning/steps/install-release'
import { markReady, notifyOwners } from '@/lib/provisioning/steps/mark-ready'
import { validateTenant } from '@/lib/provisioning/steps/validate-tenant'
import { checkHealth } from '@/lib/provisioning/steps/check-health'
import { waitForWorkloads } from '@/lib/provisioning/steps/wait-workloads'
import { defineTenantWorkflow } from './tenant-workflow'

export const provisionTenant = defineTenantWorkflow(
  {
    id: 'provisioning-provision-tenant',
    event: 'tenant/provision.requested',
    kind: 'PROVISION',
    onFailure: async ({ tenantId, reason, runId }) => {
      await setTenantState(tenantId, { state: 'FAILED' })
      await notifyOwners(await loadTenant(tenantId), runId, { template: 'provisioning-failed', reason })
    },
  },
  async ({ wf, target, data: { tenantId } }) => {
    await wf.recorded('validate', () => validateTenant(target, tenantId))
    const tenant = await loadTenant(tenantId)
    await wf.recorded('namespace', () => applyNamespace(target, tenant))
    await wf.recorded('guardrails', () => applyGuardrails(target, tenant))
    await wf.recorded('secrets', () => ensureCredentials(target, tenant))
    await wf.recorded('helm-install', () => installRelease(target, tenant, wf.runId))
    await wf.recorded('wait-database', () => waitForWorkloads(target, tenant, 'StatefulSet', 'wait-database'))
    await wf.recorded('wait-app', () => waitForWorkloads(target, tenant, 'Deployment', 'wait-app'))
    await wf.recorded('health', () => checkHealth(target, tenant))
    const { url } = await wf.recorded('ingress', () => checkIngress(target, tenant, getEnv().BASE_DOMAIN))
    await wf.recorded('record', () => markReady(tenant, url))
    await wf.recorded('notify', async () => ({
      message: `${plural(await notifyOwners(tenant, wf.runId, { template: 'instance-ready', url }), 'owner')} emailed`,
    }))
    return { url }
  },
)
