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

export async function getCustomDomain(input: { orgId: string; userId: string }): Promise<CustomDomainView | null> {
  await requireOrgRole({ orgId: input.orgId, userId: input.userId, roles: ['OWNER', 'ADMIN', 'MEMBER'] })
  const tenant = await db.tenant.findFirst({
    where: { orgId: input.orgId, state: { not: 'DEPROVISIONED' } },
    orderBy: { createdAt: 'desc' },
    select: { slug: true, state: true, planId: true, customDomain: true },
  })
  if (!tenant) return null
  const plan = findPlan(tenant.planId)
  return {
    customDomain: tenant.customDomain,
    cnameTarget: `${tenant.slug}.${getEnv().BASE_DOMAIN}`,
    planName: plan?.name ?? tenant.planId,
    feeCents: plan?.customDomainCentsPerMonth ?? null,
    isReady: tenant.state === 'ACTIVE' || tenant.state === 'SUSPENDED',
  }
}
