// tenant/domain-change.requested → helm upgrade with the served domain (only a DNS-proved one) → wait until the app is ready →
// the Ingress serves the host with TLS → record the URL. A suspended instance stays down.
import { getEnv } from '@/lib/env'
import { db } from '@/lib/db'
import { loadTenant, setTenantState } from '@/lib/provisioning/load-tenant'
import { checkIngress } from '@/lib/provisioning/steps/check-ingress'
import { installRelease } from '@/lib/provisioning/steps/install-release'
import { scaleDown } from '@/lib/provisioning/steps/scale-workloads'
import { waitForWorkloads } from '@/lib/provisioning/steps/wait-workloads'
import { defineTenantWorkflow } from './tenant-workflow'

export const changeDomain = defineTenantWorkflow(
  { id: 'provisioning-change-domain', event: 'tenant/domain-change.requested', kind: 'CHANGE_DOMAIN' },
  async ({ wf, target, data: { tenantId } }) => {
    // Read when the run starts: a second change queued behind this one deploys its own domain.
    const tenant = await loadTenant(tenantId)
    const wasSuspended = tenant.state === 'SUSPENDED'
    if (!wasSuspended) {
      await wf.recorded('mark-updating', async () => {
        await setTenantState(tenantId, { state: 'UPDATING' })
        return { message: `Serving ${tenant.customDomain ?? 'the default address'}` }
      })
    }
    await wf.recorded('helm-upgrade', () => installRelease(target, tenant, wf.runId))
    if (wasSuspended) await wf.recorded('keep-suspended', () => scaleDown(target, tenant))
    else await wf.recorded('wait-app', () => waitForWorkloads(target, tenant, 'Deployment', 'wait-app'))
    const { url } = await wf.recorded('ingress', () => checkIngress(target, tenant, getEnv().BASE_DOMAIN))
    await wf.recorded('record', async () => {
      await db.tenant.update({
        where: { id: tenantId },
        data: { url, state: wasSuspended ? 'SUSPENDED' : 'ACTIVE', lastDeployedAt: new Date() },
      })
      return { message: `Served at ${url}` }
    })
  },
)
