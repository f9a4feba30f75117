/**
 * "Verify now": owners and admins ask for the DNS proof of their claimed domain at once instead
 * of waiting for the periodic re-check. Proved, the claim becomes the served domain (the
 * change-domain workflow puts it in the Ingress with its certificate); not proved, the answer
 * says what the DNS holds. Without a claim, the served domain is re-checked: a proof clears a
 * warning about its missing record (a failure here is only reported: only the periodic re-check
 * counts failures, so clicking cannot speed up a removal).
 */
import { now } from '../clock'
import { dnsResolver } from '../dns/node-resolver'
import type { DnsResolver } from '../dns/resolver'
import { AppError } from '../errors/app-error'
import type { RequestMeta } from '../errors/input'
import { requireOrgRole } from '../orgs/authorize'
import { rolesWith } from '../orgs/roles'
import { ensureDomainToken, promotePendingDomain, recordPendingCheck, recordServedCheck } from './domain-claims'
import { proveDomain } from './domain-proof'
import { cnameTarget, instanceForDomain, viewOfDomain, type CustomDomainView } from './get-custom-domain'

export async function verifyCustomDomain(
  input: { orgId: string; userId: string },
  meta?: RequestMeta,
  resolver: DnsResolver = dnsResolver(),
): Promise<CustomDomainView & { verified: 'served' | 'confirmed' }> {
  const { org } = await requireOrgRole({ orgId: input.orgId, userId: input.userId, roles: rolesWith('manage') })
  const tenant = await instanceForDomain(org.id)
  if (!tenant) throw new AppError('NOT_FOUND', 'This organization has no instance')
  const domain = tenant.pendingDomain ?? tenant.customDomain
  if (!domain) throw new AppError('PRECONDITION_FAILED', 'Enter a domain first')
  const token = await ensureDomainToken(tenant)
  const proof = await proveDomain(resolver, { domain, token, cnameTarget: cnameTarget(tenant.slug) })
  const at = now()

  if (tenant.pendingDomain) {
    if (!proof.isProved) {
      await recordPendingCheck(tenant, proof.problem, at)
      throw new AppError('PRECONDITION_FAILED', `${domain} is not verified yet. ${proof.problem}`)
    }
    const promotion = await promotePendingDomain(tenant, proof.method, { actorType: 'USER', userId: input.userId, meta }, at)
    if (!promotion.isServed) throw new AppError('CONFLICT', promotion.problem)
  } else if (proof.isProved) {
    await recordServedCheck(tenant, proof, at)
  } else {
    throw new AppError('PRECONDITION_FAILED', `The record for ${domain} is missing. ${proof.problem}`)
  }
  return { ...viewOfDomain((await instanceForDomain(org.id))!), verified: tenant.pendingDomain ? 'served' : 'confirmed' }
}
