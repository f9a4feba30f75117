/** The tenant dashboard's instance panel: the org's instance(s) with state and last deploy. */
import { db, type TenantState } from '../db'

export interface InstanceOverview {
  id: string
  slug: string
  planId: string
  state: TenantState
  url: string | null
  appVersion: string | null
  lastDeployedAt: Date | null
  suspendedAt: Date | null
  suspendReason: string | null
}

/** Scoped by the organization id the caller has already authorized (requireMembership). */
export async function getInstanceOverview(orgId: string): Promise<InstanceOverview[]> {
  return db.tenant.findMany({
    where: { orgId, state: { not: 'DEPROVISIONED' } },
    orderBy: { createdAt: 'asc' },
    select: {
      id: true,
      slug: true,
      planId: true,
      state: true,
      url: true,
      appVersion: true,
      lastDeployedAt: true,
      suspendedAt: true,
      suspendReason: true,
    },
  })
}
