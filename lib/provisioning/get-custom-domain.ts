/** What the settings page shows about the instance's custom domain: the served one, the claim, the record to publish. */
import { db } from '../db'
import { getEnv } from '../env'
import { requireOrgRole } from '../orgs/authorize'
import { rolesWith } from '../orgs/roles'
import { findPlan } from '../plans/catalog'
import { DOMAIN_TENANT_SELECT, RECHECK } from './domain-claims'
import { challengeName } from './domain-proof'
import { isAllowed } from './lifecycle'

export interface CustomDomainView {
  /** The domain the instance serves: proved, in the Ingress, billed. */
  customDomain: string | null
  /** When the served domain was last re-checked (ISO). */
  checkedAt: string | null
  /** Set when the served domain's proof has been missing: it is removed then unless the record comes back (ISO). */
  removalAt: string | null
  /** A claimed domain waiting for its proof (nothing is served for it). */
  pending: { domain: string; since: string; checkedAt: string | null; problem: string | null } | null
  /** The TXT record that proves the pending (else the served) domain; null before any domain was claimed. */
  txtRecord: { name: string; value: string } | null
  /** The other proof: a CNAME of the domain to the instance's own address. */
  cnameTarget: string
  planName: string
  /** null: the plan does not offer custom domains; 0: included. */
  feeCents: number | null
  /** The lifecycle allows 'change-domain' (up or suspended: no workflow runs on it, and it is not broken). */
  isReady: boolean
}

const VIEW_SELECT = {
  ...DOMAIN_TENANT_SELECT,
  customDomainCheckedAt: true,
  pendingDomainSince: true,
  pendingDomainCheckedAt: true,
  pendingDomainProblem: true,
} as const

/** The organization's instance as a domain change needs it (the newest one not deprovisioned). */
export function instanceForDomain(orgId: string) {
  return db.tenant.findFirst({
    where: { orgId, state: { not: 'DEPROVISIONED' } },
    orderBy: { createdAt: 'desc' },
    select: VIEW_SELECT,
  })
}

type DomainRow = NonNullable<Awaited<ReturnType<typeof instanceForDomain>>>

export const cnameTarget = (slug: string) => `${slug}.${getEnv().BASE_DOMAIN}`

export function viewOfDomain(tenant: DomainRow): CustomDomainView {
  const plan = findPlan(tenant.planId)
  const proving = tenant.pendingDomain ?? tenant.customDomain
  return {
    customDomain: tenant.customDomain,
    checkedAt: tenant.customDomainCheckedAt?.toISOString() ?? null,
    removalAt: tenant.customDomainFailingSince ? new Date(tenant.customDomainFailingSince.getTime() + RECHECK.graceMs).toISOString() : null,
    pending: tenant.pendingDomain
      ? {
          domain: tenant.pendingDomain,
          since: (tenant.pendingDomainSince ?? new Date(0)).toISOString(),
          checkedAt: tenant.pendingDomainCheckedAt?.toISOString() ?? null,
          problem: tenant.pendingDomainProblem,
        }
      : null,
    txtRecord: proving && tenant.domainToken ? { name: challengeName(proving), value: tenant.domainToken } : null,
    cnameTarget: cnameTarget(tenant.slug),
    planName: plan?.name ?? tenant.planId,
    feeCents: plan?.customDomainCentsPerMonth ?? null,
    isReady: isAllowed('change-domain', tenant.state),
  }
}

export async function getCustomDomain(input: { orgId: string; userId: string }): Promise<CustomDomainView | null> {
  await requireOrgRole({ orgId: input.orgId, userId: input.userId, roles: rolesWith('read') })
  const tenant = await instanceForDomain(input.orgId)
  return tenant ? viewOfDomain(tenant) : null
}
