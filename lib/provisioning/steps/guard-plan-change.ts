/**
 * Plan change step 1: refuse when the tenant's current usage does not fit the new plan
 * (check-plan-fit.ts), reading the namespace's ResourceQuota status and the latest stored-bytes
 * sample of each volume.
 */
import { needsOf } from '../../apps/platform'
import { db } from '../../db'
import { AppError } from '../../errors/app-error'
import { GUARDRAIL_NAMES } from '../guardrails'
import { planFitProblems } from '../check-plan-fit'
import type { LoadedTenant } from '../load-tenant'
import type { ClusterTarget } from '../target'

async function latestStoredBytes(tenantId: string): Promise<number | null> {
  const rows = await db.usageSample.findMany({
    where: { tenantId, metric: 'STORAGE_USED_BYTES', isGap: false },
    orderBy: { windowStart: 'desc' },
    distinct: ['volume'],
    select: { value: true },
  })
  return rows.length ? rows.reduce((sum, r) => sum + Number(r.value), 0) : null
}

export async function guardPlanChange(target: ClusterTarget, from: LoadedTenant, to: LoadedTenant): Promise<{ message: string }> {
  const quota = await target.kube.get({ apiVersion: 'v1', kind: 'ResourceQuota', name: GUARDRAIL_NAMES.quota, namespace: from.namespace })
  const quotaUsed = ((quota?.status as { used?: Record<string, string> } | undefined)?.used ?? null) as Record<string, string> | null
  const problems = planFitProblems(to.plan, needsOf(to.app, to.plan), { quotaUsed, storedBytes: await latestStoredBytes(from.id) })
  if (problems.length) throw new AppError('CONFLICT', `Current usage does not fit the ${to.plan.name} plan: ${problems.join('; ')}`)
  return { message: `${from.plan.name} → ${to.plan.name}: current usage fits` }
}
