/**
 * The custom domain's state changes, shared by the customer's use cases (set, verify) and the
 * periodic re-check (check-custom-domains.ts). A tenant has at most one served domain
 * (`customDomain`: proved, in the Ingress, billed, unique) and one pending claim (`pendingDomain`:
 * not proved, nowhere else, not unique). A proof promotes the claim; a served domain whose proof
 * is gone for RECHECK.failuresToFlag consecutive re-checks is flagged, and removed (back to a
 * pending claim) once it has stayed without proof for RECHECK.graceMs after that.
 */
import crypto from 'node:crypto'
import { recordAudit } from '../audit/record-audit'
import { recordPlanPeriod } from '../billing/record-plan-period'
import { db, type Prisma } from '../db'
import { auditRequest, isUniqueViolation, type RequestMeta } from '../errors/input'
import { jobs } from '../jobs/jobs'
import { findPlan } from '../plans/catalog'
import type { DomainProof } from './domain-proof'
import { decide, statesAllowing } from './lifecycle'

export const RECHECK = {
  /** Consecutive re-checks without proof (answered ones: a lookup that failed does not count) that flag a served domain. */
  failuresToFlag: 3,
  /** How long a flagged domain is still served without proof before it is removed. */
  graceMs: 72 * 3_600_000,
} as const

export const DOMAIN_TENANT_SELECT = {
  id: true,
  orgId: true,
  slug: true,
  state: true,
  planId: true,
  customDomain: true,
  customDomainFailedChecks: true,
  customDomainFailingSince: true,
  pendingDomain: true,
  domainToken: true,
} satisfies Prisma.TenantSelect

export type DomainTenant = Prisma.TenantGetPayload<{ select: typeof DOMAIN_TENANT_SELECT }>

/** Who changed the domain, for the audit log. */
export type DomainActor = { actorType: 'USER'; userId: string; meta?: RequestMeta } | { actorType: 'SYSTEM' }

const auditActor = (actor: DomainActor) =>
  actor.actorType === 'USER'
    ? { actorType: 'USER' as const, actorUserId: actor.userId, ...auditRequest(actor.meta) }
    : { actorType: 'SYSTEM' as const }

/** The instance's random token for TXT proofs, created on first use and kept for the instance's life. */
export async function ensureDomainToken(tenant: Pick<DomainTenant, 'id' | 'domainToken'>): Promise<string> {
  if (tenant.domainToken) return tenant.domainToken
  await db.tenant.updateMany({ where: { id: tenant.id, domainToken: null }, data: { domainToken: crypto.randomBytes(16).toString('hex') } })
  const { domainToken } = await db.tenant.findUniqueOrThrow({ where: { id: tenant.id }, select: { domainToken: true } })
  return domainToken!
}

/** Asks the change-domain workflow to render the release with the served domain (or none). */
export async function deployDomain(tenantId: string, requestedBy: string): Promise<void> {
  await jobs.send({ name: 'tenant/domain-change.requested', id: `domain:${tenantId}:${Date.now()}`, data: { tenantId, requestedBy } })
}

/** Records what a check of the pending claim found (when the claim is still the one checked). */
export async function recordPendingCheck(tenant: Pick<DomainTenant, 'id' | 'pendingDomain'>, problem: string, at: Date): Promise<void> {
  await db.tenant.updateMany({
    where: { id: tenant.id, pendingDomain: tenant.pendingDomain },
    data: { pendingDomainCheckedAt: at, pendingDomainProblem: problem },
  })
}

export type Promotion = { isServed: true } | { isServed: false; problem: string }

/**
 * A proved claim becomes the served domain (the plan must still include custom domains and the
 * instance be ready for a domain change); the unique constraint decides between two instances
 * proving the same name: the first one to be served keeps it.
 */
export async function promotePendingDomain(
  tenant: DomainTenant,
  method: 'TXT' | 'CNAME',
  actor: DomainActor,
  at: Date,
): Promise<Promotion> {
  const domain = tenant.pendingDomain
  if (!domain) return { isServed: false, problem: 'Nothing to verify' }
  const refuse = async (problem: string): Promise<Promotion> => {
    await recordPendingCheck(tenant, problem, at)
    return { isServed: false, problem }
  }
  const plan = findPlan(tenant.planId)
  if ((plan?.customDomainCentsPerMonth ?? null) === null)
    return refuse(`Proved, but the ${plan?.name ?? tenant.planId} plan does not include custom domains; change the plan first`)
  const decision = decide('change-domain', tenant.state)
  if (!decision.allowed) return refuse(`Proved; it is served once the instance is ready (${decision.reason.toLowerCase()})`)
  try {
    const promoted = await db.tenant.updateMany({
      // Only from the state we read: a change meanwhile (a new claim, a removal) wins.
      where: { id: tenant.id, pendingDomain: domain, customDomain: tenant.customDomain, state: { in: statesAllowing('change-domain') } },
      data: {
        customDomain: domain,
        customDomainVerifiedAt: at,
        customDomainCheckedAt: at,
        customDomainFailedChecks: 0,
        customDomainFailingSince: null,
        pendingDomain: null,
        pendingDomainSince: null,
        pendingDomainCheckedAt: null,
        pendingDomainProblem: null,
      },
    })
    if (promoted.count !== 1) return { isServed: false, problem: 'The domain was changed meanwhile; reload and try again' }
  } catch (error) {
    if (!isUniqueViolation(error)) throw error
    return refuse(
      `Proved, but another instance serves ${domain}; it keeps it while its own record holds ` +
        `(a domain without proof for ${RECHECK.failuresToFlag} checks is removed ${RECHECK.graceMs / 3_600_000} hours later)`,
    )
  }
  await recordPlanPeriod(tenant.orgId, { at })
  await recordAudit({
    action: 'tenant.domain.changed',
    ...auditActor(actor),
    orgId: tenant.orgId,
    tenantId: tenant.id,
    targetType: 'tenant',
    targetId: tenant.id,
    before: { customDomain: tenant.customDomain },
    after: { customDomain: domain, proof: method },
  })
  await deployDomain(tenant.id, actor.actorType === 'USER' ? actor.userId : 'system')
  return { isServed: true }
}

export type ServedCheck = 'confirmed' | 'unanswered' | 'failing' | 'flagged' | 'removed'

/**
 * A re-check of the served domain: a proof clears the failures (and the flag); an answer without
 * proof counts one; the limit flags the domain; a flagged domain still without proof after the
 * grace is removed from the Ingress and becomes a pending claim again (served once proved again).
 */
export async function recordServedCheck(tenant: DomainTenant, proof: DomainProof, at: Date): Promise<ServedCheck> {
  const domain = tenant.customDomain
  if (!domain) return 'unanswered'
  const where = { id: tenant.id, customDomain: domain }
  if (proof.isProved) {
    await db.tenant.updateMany({ where, data: { customDomainCheckedAt: at, customDomainFailedChecks: 0, customDomainFailingSince: null } })
    if (tenant.customDomainFailingSince) await auditDomain(tenant, 'tenant.domain.recovered', { customDomain: domain, proof: proof.method })
    return 'confirmed'
  }
  if (!proof.isAnswered) {
    await db.tenant.updateMany({ where, data: { customDomainCheckedAt: at } })
    return 'unanswered'
  }
  const failures = tenant.customDomainFailedChecks + 1
  const failingSince = tenant.customDomainFailingSince ?? (failures >= RECHECK.failuresToFlag ? at : null)
  if (failingSince && at.getTime() - failingSince.getTime() >= RECHECK.graceMs && decide('change-domain', tenant.state).allowed) {
    const removed = await db.tenant.updateMany({
      where: { ...where, state: { in: statesAllowing('change-domain') } },
      data: {
        customDomain: null,
        customDomainVerifiedAt: null,
        customDomainCheckedAt: at,
        customDomainFailedChecks: 0,
        customDomainFailingSince: null,
        // Back to a claim, unless the customer has claimed another domain meanwhile.
        ...(tenant.pendingDomain
          ? {}
          : {
              pendingDomain: domain,
              pendingDomainSince: at,
              pendingDomainCheckedAt: at,
              pendingDomainProblem: `Removed from the instance: ${proof.problem}`,
            }),
      },
    })
    if (removed.count === 1) {
      await recordPlanPeriod(tenant.orgId, { at })
      await auditDomain(tenant, 'tenant.domain.removed', { customDomain: null }, proof.problem)
      await deployDomain(tenant.id, 'system')
      return 'removed'
    }
  }
  await db.tenant.updateMany({
    where,
    data: { customDomainCheckedAt: at, customDomainFailedChecks: failures, customDomainFailingSince: failingSince },
  })
  if (failingSince && !tenant.customDomainFailingSince) {
    await auditDomain(tenant, 'tenant.domain.flagged', { customDomain: domain, failedChecks: failures }, proof.problem)
    return 'flagged'
  }
  return 'failing'
}

function auditDomain(tenant: DomainTenant, action: string, after: Record<string, unknown>, reason?: string) {
  return recordAudit({
    action,
    actorType: 'SYSTEM',
    orgId: tenant.orgId,
    tenantId: tenant.id,
    targetType: 'tenant',
    targetId: tenant.id,
    before: { customDomain: tenant.customDomain },
    after,
    reason,
  })
}
