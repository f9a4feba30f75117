/**
 * Whether a tenant's current usage fits a plan (the guard of a plan change). Two measures, both
 * must fit: what the namespace holds now by the ResourceQuota's own accounting (claimed storage —
 * Kubernetes cannot shrink a volume claim — pods, services, volume claims), and the data actually
 * stored according to the latest metering samples.
 */
import type { AppNeeds } from '../apps/app-needs'
import { parseQuantity } from '../k8s/quantity'
import type { Plan } from '../plans/catalog'
import { tenantQuota } from './guardrails'

const GI = 1024 ** 3

/** Quota keys whose current use is independent of the plan's own workload sizing. */
const CARRIED_OVER = ['requests.storage', 'persistentvolumeclaims', 'services', 'pods'] as const

export function planFitProblems(
  plan: Plan,
  needs: AppNeeds,
  usage: { quotaUsed: Record<string, string> | null; storedBytes: number | null },
): string[] {
  const problems: string[] = []
  const hard = tenantQuota(plan, needs)
  if (usage.quotaUsed) {
    for (const key of CARRIED_OVER) {
      const used = usage.quotaUsed[key]
      const limit = hard[key]
      if (used === undefined || limit === undefined) continue
      if (parseQuantity(used) > parseQuantity(limit)) problems.push(`${key} in use is ${used}; the ${plan.name} plan allows ${limit}`)
    }
  }
  if (usage.storedBytes !== null && usage.storedBytes > plan.limits.storageGiB * GI) {
    problems.push(
      `${(usage.storedBytes / GI).toFixed(1)} GiB of data is stored; the ${plan.name} plan allows ${plan.limits.storageGiB} GiB`,
    )
  }
  return problems
}
