/**
 * Owners and admins serve their instance on their own domain (or stop doing so): the domain is
 * checked and saved, the plan history notes it (the domain fee is billed per period held), and
 * the change-domain workflow upgrades the release so the Ingress and its TLS certificate answer
 * for the new host. The customer points a CNAME at the instance's own address.
 */
import { z } from 'zod'
import { recordAudit } from '../audit/record-audit'
import { recordPlanPeriod } from '../billing/record-plan-period'
import { db } from '../db'
import { getEnv } from '../env'
import { AppError } from '../errors/app-error'
import { auditRequest, fieldError, isUniqueViolation, parseInput, type RequestMeta } from '../errors/input'
import { jobs } from '../jobs/jobs'
import { requireOrgRole } from '../orgs/authorize'
import { rolesWith } from '../orgs/roles'
import { findPlan } from '../plans/catalog'
import { cnameTarget, instanceForDomain } from './get-custom-domain'
import { assertAllowed } from './lifecycle'

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/

export const DOMAIN_MESSAGES = {
  invalid: 'Enter a domain name such as app.example.com',
  tooLong: 'A domain name has at most 253 characters',
  ours: (base: string) => `Addresses under ${base} are ours; enter a domain you own`,
} as const

/** A host name the customer owns: lower-cased, at least two labels, letters/digits/hyphens, not an IP address, no wildcard. */
export const customDomainSchema = z
  .string({ message: DOMAIN_MESSAGES.invalid })
  .trim()
  .toLowerCase()
  .transform((v) => v.replace(/\.$/, ''))
  .pipe(
    z
      .string()
      .max(253, DOMAIN_MESSAGES.tooLong)
      .refine((v) => {
        const labels = v.split('.')
        return labels.length >= 2 && labels.every((l) => LABEL.test(l)) && !/^\d+$/.test(labels.at(-1)!)
      }, DOMAIN_MESSAGES.invalid),
  )

export async function setCustomDomain(
  input: { orgId: string; userId: string; domain: string | null },
  meta?: RequestMeta,
): Promise<{ customDomain: string | null; cnameTarget: string }> {
  const { domain } = parseInput(z.object({ domain: customDomainSchema.nullable() }), { domain: input.domain })
  const { org } = await requireOrgRole({ orgId: input.orgId, userId: input.userId, roles: rolesWith('manage') })
  const base = getEnv().BASE_DOMAIN
  if (domain && (domain === base || domain.endsWith(`.${base}`))) throw fieldError('domain', DOMAIN_MESSAGES.ours(base))
  const tenant = await instanceForDomain(org.id)
  if (!tenant) throw new AppError('NOT_FOUND', 'This organization has no instance')
  if (tenant.customDomain === domain) return { customDomain: domain, cnameTarget: cnameTarget(tenant.slug) }
  const plan = findPlan(tenant.planId)
  if (domain && (plan?.customDomainCentsPerMonth ?? null) === null) {
    throw new AppError(
      'PRECONDITION_FAILED',
      `The ${plan?.name ?? tenant.planId} plan does not include custom domains; change the plan first`,
    )
  }
  assertAllowed('change-domain', tenant.state)

  try {
    // Only from the domain we read: two changes at once cannot both win.
    const claimed = await db.tenant.updateMany({
      where: { id: tenant.id, customDomain: tenant.customDomain },
      data: { customDomain: domain },
    })
    if (claimed.count !== 1) throw new AppError('CONFLICT', 'The domain was changed meanwhile; reload and try again')
  } catch (error) {
    if (isUniqueViolation(error)) throw fieldError('domain', 'This domain is already used by another instance')
    throw error
  }
  await recordPlanPeriod(org.id)
  await recordAudit({
    action: 'tenant.domain.changed',
    actorType: 'USER',
    actorUserId: input.userId,
    orgId: org.id,
    tenantId: tenant.id,
    targetType: 'tenant',
    targetId: tenant.id,
    before: { customDomain: tenant.customDomain },
    after: { customDomain: domain },
    ...auditRequest(meta),
  })
  await jobs.send({
    name: 'tenant/domain-change.requested',
    id: `domain:${tenant.id}:${Date.now()}`,
    data: { tenantId: tenant.id, requestedBy: input.userId },
  })
  return { customDomain: domain, cnameTarget: cnameTarget(tenant.slug) }
}
