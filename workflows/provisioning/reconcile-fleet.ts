// Every 10 minutes: compare the cluster with the database (orphan namespaces, tenants whose
// namespace is missing, drifted guardrails re-applied), store the findings for the super-admins'
// console and audit each new one.
import { recordAudit } from '@/lib/audit/record-audit'
import { defineJob } from '@/lib/jobs/define'
import { inspectFleet, recordFindings } from '@/lib/provisioning/reconcile-fleet'
import { clusterTarget } from '@/lib/provisioning/target'

export const reconcileFleet = defineJob(
  { id: 'provisioning-reconcile-fleet', trigger: { cron: '*/10 * * * *' }, retries: 2 },
  async ({ step }) => {
    const target = clusterTarget()
    if (target.mode === 'dry-run') return { skipped: 'dry-run cluster: nothing to compare' }
    const fresh = await step.run('inspect', async () => recordFindings(await inspectFleet(target)))
    await step.run('report', async () => {
      for (const f of fresh) {
        await recordAudit({
          action: `fleet.reconcile.${f.kind.toLowerCase()}`,
          actorType: 'SYSTEM',
          tenantId: f.tenantId,
          targetType: 'namespace',
          targetId: f.namespace,
          after: { detail: f.detail, repaired: f.repaired },
        })
      }
    })
    return { findings: fresh.length }
  },
)
