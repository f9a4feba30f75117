/** What the settings page shows about the instance's custom domain (any member may read it). */
import { db } from '../db'
import { getEnv } from '../env'
import { requireOrgRole } from '../orgs/authorize'
import { findPlan } from '../plans/catalog'

export interface CustomDomainView {
  customDomain: string | null
  /** Where the customer's CNAME points: the instance's own address. */
  cnameTarget: string
  planName: string
  /** null: the plan does not offer custom domains; 0: included. */
  feeCents: number | null
  isReady: boolean
}

/** The organization's instance as a domain change needs it (the newest one not deprovisioned). */
export function instanceForDomain(orgId: string) {
  return db.tenant.findFirst({
    where: { orgId, state: { not: 'DEPROVISIONED' } },
    orderBy: { createdAt: 'desc' },
    select: { id: true, slug: true, state: true, planId: true, customDomain: true },
  })
}

/** A domain changes only on an instance that is up or suspended: no workflow is running on it, and it is not broken. */
export function canChangeDomain(state: string): boolean {
  return state === 'ACTIVE' || state === 'SUSPENDED'
}

export const cnameTarget = (slug: string) => `${slug}.${getEnv().BASE_DOMAIN}`

export async function getCustomDomain(input: { orgId: string; userId: string }): Promise<CustomDomainView | null> {
  await requireOrgRole({ orgId: input.orgId, userId: input.userId, roles: ['OWNER', 'ADMIN', 'MEMBER'] })
  const tenant = await instanceForDomain(input.orgId)
  if (!tenant) return null
  const plan = findPlan(tenant.planId)
  return {
    customDomain: tenant.customDomain,
    cnameTarget: cnameTarget(tenant.slug),
    planName: plan?.name ?? tenant.planId,
    feeCents: plan?.customDomainCentsPerMonth ?? null,
    isReady: canChangeDomain(tenant.state),
  }
}
