/**
 * The periodic DNS check of every instance's domains (workflows/provisioning/check-custom-domains.ts
 * runs it every 15 minutes): a pending claim that is proved now becomes the served domain; a
 * served domain is re-checked, and one whose proof is gone is counted, flagged and, after the
 * grace, removed (domain-claims.ts, RECHECK). Lookups run a few at a time; one instance's failure
 * is logged and does not stop the others.
 */
import { now as clockNow } from '../clock'
import { db } from '../db'
import { dnsResolver } from '../dns/node-resolver'
import type { DnsResolver } from '../dns/resolver'
import { log } from '../log/logger'
import {
  DOMAIN_TENANT_SELECT,
  ensureDomainToken,
  promotePendingDomain,
  recordPendingCheck,
  recordServedCheck,
  type DomainTenant,
} from './domain-claims'
import { proveDomain } from './domain-proof'
import { cnameTarget } from './get-custom-domain'
import { GONE_STATES } from './lifecycle'

export interface DomainCheckSummary {
  /** Pending claims proved and now served. */
  verified: number
  /** Pending claims still without proof (or proved but not servable yet). */
  pending: number
  /** Served domains whose proof holds. */
  confirmed: number
  /** Served domains checked without an answer (not counted against them). */
  unanswered: number
  /** Served domains without proof: counted, newly flagged, or removed. */
  failing: number
  flagged: number
  removed: number
  errors: number
}

const CONCURRENCY = 8

export async function checkCustomDomains(options: { now?: Date; resolver?: DnsResolver } = {}): Promise<DomainCheckSummary> {
  const at = options.now ?? clockNow()
  const resolver = options.resolver ?? dnsResolver()
  const summary: DomainCheckSummary = {
    verified: 0,
    pending: 0,
    confirmed: 0,
    unanswered: 0,
    failing: 0,
    flagged: 0,
    removed: 0,
    errors: 0,
  }
  const tenants = await db.tenant.findMany({
    where: { state: { notIn: [...GONE_STATES] }, OR: [{ pendingDomain: { not: null } }, { customDomain: { not: null } }] },
    select: DOMAIN_TENANT_SELECT,
    orderBy: { id: 'asc' },
  })

  const checkOne = async (tenant: DomainTenant) => {
    const token = await ensureDomainToken(tenant)
    const target = cnameTarget(tenant.slug)
    // The served domain first: a promotion below replaces it.
    if (tenant.customDomain) {
      const outcome = await recordServedCheck(
        tenant,
        await proveDomain(resolver, { domain: tenant.customDomain, token, cnameTarget: target }),
        at,
      )
      summary[outcome]++
      if (outcome === 'flagged' || outcome === 'removed') summary.failing++
    }
    if (tenant.pendingDomain) {
      const fresh = await db.tenant.findUniqueOrThrow({ where: { id: tenant.id }, select: DOMAIN_TENANT_SELECT })
      if (fresh.pendingDomain !== tenant.pendingDomain) return
      const proof = await proveDomain(resolver, { domain: fresh.pendingDomain, token, cnameTarget: target })
      if (!proof.isProved) {
        await recordPendingCheck(fresh, proof.problem, at)
        summary.pending++
        return
      }
      const promotion = await promotePendingDomain(fresh, proof.method, { actorType: 'SYSTEM' }, at)
      summary[promotion.isServed ? 'verified' : 'pending']++
    }
  }

  let next = 0
  const worker = async () => {
    while (next < tenants.length) {
      const tenant = tenants[next++]!
      try {
        await checkOne(tenant)
      } catch (error) {
        summary.errors++
        log.error('custom domain check failed', { tenantId: tenant.id, error: (error as Error).message })
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(CONCURRENCY, tenants.length) }, worker))
  return summary
}
