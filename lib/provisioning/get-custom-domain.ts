/** What the settings page shows about the instance's custom domain (any member may read it). */
import { db } from '../db'
import { getEnv } from '../env'
import { requireOrgRole } from '../orgs/authorize'
import { rolesWith } from '../orgs/roles'
import { findPlan } from '../plans/catalog'
import { isAllowed } from './lifecycle'

export interface CustomDomainView {
  customDomain: string | null
  /** Where the customer's CNAME points: the instance's own address. */
  cnameTarget: string
  planName: string
  /** null: the plan does not offer custom domains; 0: included. */
  feeCents: number | null
  /** The lifecycle allows 'change-domain' (up or suspended: no workflow runs on it, and it is not broken). */
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

export const cnameTarget = (slug: string) => `${slug}.${getEnv().BASE_DOMAIN}`

export async function getCustomDomain(input: { orgId: string; userId: string }): Promise<CustomDomainView | null> {
  await requireOrgRole({ orgId: input.orgId, userId: input.userId, roles: rolesWith('read') })
  const tenant = await instanceForDomain(input.orgId)
  if (!tenant) return null
  const plan = findPlan(tenant.planId)
  return {
    customDomain: tenant.customDomain,
    cnameTarget: cnameTarget(tenant.slug),
    planName: plan?.name ?? tenant.planId,
    feeCents: plan?.customDomainCentsPerMonth ?? null,
    isReady: isAllowed('change-domain', tenant.state),
  }
}
