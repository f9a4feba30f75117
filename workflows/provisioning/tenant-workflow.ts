// What every tenant workflow shares: triggered by its event, one workflow per tenant at a time
// (account-scoped key, whichever kind), WORKFLOW_RETRIES attempts, a provisioning run recorded
// around the steps and marked succeeded at the end; a failed run makes the tenant FAILED unless
// the workflow says otherwise.
import { defineJob } from '@/lib/jobs/define'
import type { EventData } from '@/lib/jobs/events'
import type { ProvisioningKind } from '@/lib/db'
import { setTenantState } from '@/lib/provisioning/load-tenant'
import { clusterTarget, type ClusterTarget } from '@/lib/provisioning/target'
import { beginTenantWorkflow, WORKFLOW_RETRIES, type TenantWorkflow } from '@/lib/provisioning/workflow'

export const TENANT_CONCURRENCY = { key: 'event.data.tenantId', limit: 1, scope: 'account' } as const

type TenantEvent =
  | 'tenant/provision.requested'
  | 'tenant/plan-change.requested'
  | 'tenant/domain-change.requested'
  | 'tenant/suspend.requested'
  | 'tenant/resume.requested'
  | 'tenant/deprovision.requested'

export interface TenantFailure {
  tenantId: string
  reason: string
  runId: string
  /** The step that failed. */
  step: string
}

const markFailed = ({ tenantId }: TenantFailure) => setTenantState(tenantId, { state: 'FAILED' })

export function defineTenantWorkflow<N extends TenantEvent>(
  spec: {
    id: string
    event: N
    kind: ProvisioningKind
    /** The plans a run moves between (plan changes), shown on its timeline. */
    plans?: (data: EventData<N>) => Promise<{ fromPlanId: string; toPlanId: string }>
    /** What a failed run does besides recording it; default: the tenant becomes FAILED. */
    onFailure?: (failure: TenantFailure) => Promise<void>
  },
  body: (run: { wf: TenantWorkflow; target: ClusterTarget; data: EventData<N> }) => Promise<unknown>,
) {
  return defineJob(
    { id: spec.id, trigger: { event: spec.event }, retries: WORKFLOW_RETRIES, concurrency: TENANT_CONCURRENCY },
    async (ctx) => {
      const data = ctx.event.data
      const { tenantId, requestedBy } = data as { tenantId: string; requestedBy?: string }
      const target = clusterTarget()
      const onFailure = spec.onFailure ?? markFailed
      const wf = await beginTenantWorkflow(ctx, {
        tenantId,
        kind: spec.kind,
        requestedBy,
        ...(spec.plans ? await spec.plans(data) : {}),
        dryRun: target.mode === 'dry-run',
        onFailure: (reason, runId, step) => onFailure({ tenantId, reason, runId, step }),
      })
      const result = await body({ wf, target, data })
      await wf.succeed()
      return result
    },
  )
}
