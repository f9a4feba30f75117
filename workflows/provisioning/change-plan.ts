// tenant/plan-change.requested → guard (usage fits the new plan) → guardrails with the new quota →
// helm upgrade with the new values → grow the volumes → wait until ready → record the plan. A refused change leaves
// the tenant as it was (the run records why); a failure after the guard marks it FAILED.
import { recordAudit } from '@/lib/audit/record-audit'
import { db } from '@/lib/db'
import { loadTenant, setTenantState } from '@/lib/provisioning/load-tenant'
import { applyGuardrails } from '@/lib/provisioning/steps/apply-guardrails'
import { guardPlanChange } from '@/lib/provisioning/steps/guard-plan-change'
import { installRelease } from '@/lib/provisioning/steps/install-release'
import { resizeVolumes } from '@/lib/provisioning/steps/resize-volumes'
import { scaleDown } from '@/lib/provisioning/steps/scale-workloads'
import { checkHealth } from '@/lib/provisioning/steps/check-health'
import { waitForWorkloads } from '@/lib/provisioning/steps/wait-workloads'
import { defineTenantWorkflow } from './tenant-workflow'

export const changePlan = defineTenantWorkflow(
  {
    id: 'provisioning-change-plan',
    event: 'tenant/plan-change.requested',
    kind: 'CHANGE_PLAN',
    plans: async ({ tenantId, toPlanId }) => ({
      fromPlanId: (await loadTenant(tenantId)).plan.id,
      toPlanId: (await loadTenant(tenantId, toPlanId)).plan.id,
    }),
    // Refused by the guard: nothing changed, the tenant stays as it was.
    onFailure: async ({ tenantId, step }) => (step === 'guard' ? undefined : setTenantState(tenantId, { state: 'FAILED' })),
  },
  async ({ wf, target, data: { tenantId, toPlanId, requestedBy } }) => {
    const from = await loadTenant(tenantId)
    const to = await loadTenant(tenantId, toPlanId)
    await wf.recorded('guard', () => guardPlanChange(target, from, to))
    await wf.recorded('mark-updating', async () => {
      await setTenantState(tenantId, { state: 'UPDATING' })
      return { message: `Updating to ${to.plan.name}` }
    })
    await wf.recorded('guardrails', () => applyGuardrails(target, to))
    await wf.recorded('helm-upgrade', () => installRelease(target, to, wf.runId))
    await wf.recorded('resize-volumes', () => resizeVolumes(target, to))
    if (from.state === 'SUSPENDED') {
      // The upgrade restored the plan's replica counts: a suspended instance stays down.
      await wf.recorded('keep-suspended', () => scaleDown(target, to))
    } else {
      await wf.recorded('wait-database', () => waitForWorkloads(target, to, 'StatefulSet', 'wait-database'))
      await wf.recorded('wait-app', () => waitForWorkloads(target, to, 'Deployment', 'wait-app'))
      await wf.recorded('health', () => checkHealth(target, to))
    }
    await wf.recorded('record', async () => {
      await db.tenant.update({
        where: { id: tenantId },
        data: { planId: to.plan.id, state: from.state === 'SUSPENDED' ? 'SUSPENDED' : 'ACTIVE', lastDeployedAt: new Date() },
      })
      await recordAudit({
        action: 'tenant.plan_changed',
        actorType: requestedBy ? 'USER' : 'SYSTEM',
        actorUserId: requestedBy ?? null,
        orgId: from.orgId,
        tenantId,
        targetType: 'tenant',
        targetId: tenantId,
        before: { plan: from.plan.id },
        after: { plan: to.plan.id },
      })
      return { message: `Plan is now ${to.plan.name}` }
    })
  },
)
