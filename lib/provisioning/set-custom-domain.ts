/**
 * Owners and admins claim a domain for their instance (or stop using one). A claim is only a
 * claim: it is recorded as pending, with the instance's DNS token, and nothing is deployed; no
 * Ingress, no certificate, and the name stays free for others to claim too. The customer then
 * proves it (verify-custom-domain.ts, or the periodic re-check): a TXT record
 * `_tenancy-challenge.<domain>` holding the token, or a CNAME of the domain to the instance's
 * own host. Until then the served domain, if any, stays served. Removing stops both: the claim
 * goes, and a served domain leaves the Ingress (the change-domain workflow) and the bill.
 * Always refused (domain-policy.ts): IP literals, non-public names, the control plane's own hosts.
 */
import { z } from 'zod'
import { recordAudit } from '../audit/record-audit'
import { recordPlanPeriod } from '../billing/record-plan-period'
import { now } from '../clock'
import { db } from '../db'
import { AppError } from '../errors/app-error'
import { auditRequest, fieldError, parseInput, type RequestMeta } from '../errors/input'
import { requireOrgRole } from '../orgs/authorize'
import { rolesWith } from '../orgs/roles'
import { findPlan } from '../plans/catalog'
import { deployDomain, ensureDomainToken } from './domain-claims'
import { customDomainSchema, domainRefusal } from './domain-policy'
import { instanceForDomain, viewOfDomain, type CustomDomainView } from './get-custom-domain'
import { assertAllowed } from './lifecycle'

export async function setCustomDomain(
  input: { orgId: string; userId: string; domain: string | null },
  meta?: RequestMeta,
): Promise<CustomDomainView> {
  const { domain } = parseInput(z.object({ domain: customDomainSchema.nullable() }), { domain: input.domain })
  const { org } = await requireOrgRole({ orgId: input.orgId, userId: input.userId, roles: rolesWith('manage') })
  const refusal = domain && domainRefusal(domain)
  if (refusal) throw fieldError('domain', refusal)
  const tenant = await instanceForDomain(org.id)
  if (!tenant) throw new AppError('NOT_FOUND', 'This organization has no instance')
  const at = now()
  const audit = (action: string, before: object, after: object) =>
    recordAudit({
      action,
      actorType: 'USER',
      actorUserId: input.userId,
      orgId: org.id,
      tenantId: tenant.id,
      targetType: 'tenant',
      targetId: tenant.id,
      before,
      after,
      ...auditRequest(meta),
    })
  // Only from the state we read: two changes at once cannot both win.
  const from = { id: tenant.id, customDomain: tenant.customDomain, pendingDomain: tenant.pendingDomain }
  const changed = (count: number) => {
    if (count !== 1) throw new AppError('CONFLICT', 'The domain was changed meanwhile; reload and try again')
  }

  if (domain === null || domain === tenant.customDomain) {
    // Removal, or back to the served domain: the claim goes; a removed served domain leaves the Ingress.
    const isServedRemoved = domain === null && tenant.customDomain !== null
    if (!isServedRemoved && tenant.pendingDomain === null) return viewOfDomain(tenant)
    if (isServedRemoved) assertAllowed('change-domain', tenant.state)
    changed(
      (
        await db.tenant.updateMany({
          where: from,
          data: {
            pendingDomain: null,
            pendingDomainSince: null,
            pendingDomainCheckedAt: null,
            pendingDomainProblem: null,
            ...(isServedRemoved
              ? { customDomain: null, customDomainVerifiedAt: null, customDomainFailedChecks: 0, customDomainFailingSince: null }
              : {}),
          },
        })
      ).count,
    )
    if (isServedRemoved) {
      await recordPlanPeriod(org.id, { at })
      await audit('tenant.domain.changed', { customDomain: tenant.customDomain }, { customDomain: null })
      await deployDomain(tenant.id, input.userId)
    } else {
      await audit('tenant.domain.claim_withdrawn', { pendingDomain: tenant.pendingDomain }, { pendingDomain: null })
    }
    return viewOfDomain((await instanceForDomain(org.id))!)
  }

  if (domain === tenant.pendingDomain) return viewOfDomain(tenant)
  const plan = findPlan(tenant.planId)
  if ((plan?.customDomainCentsPerMonth ?? null) === null) {
    throw new AppError(
      'PRECONDITION_FAILED',
      `The ${plan?.name ?? tenant.planId} plan does not include custom domains; change the plan first`,
    )
  }
  assertAllowed('change-domain', tenant.state)
  await ensureDomainToken(tenant)
  changed(
    (
      await db.tenant.updateMany({
        where: from,
        data: { pendingDomain: domain, pendingDomainSince: at, pendingDomainCheckedAt: null, pendingDomainProblem: null },
      })
    ).count,
  )
  await audit('tenant.domain.claimed', { pendingDomain: tenant.pendingDomain }, { pendingDomain: domain })
  return viewOfDomain((await instanceForDomain(org.id))!)
}
