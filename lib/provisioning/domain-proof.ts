/**
 * The proof that a customer controls a domain, read from the DNS: either a TXT record
 * `_tenancy-challenge.<domain>` holding the instance's token, or a CNAME of the domain itself
 * to the instance's own host (`<slug>.<BASE_DOMAIN>`). Only the domain's own CNAME counts (not a
 * chain through another name), and TXT values are compared whole (a record's strings joined).
 */
import { DnsLookupError, type DnsResolver } from '../dns/resolver'

export const CHALLENGE_LABEL = '_tenancy-challenge'

export const challengeName = (domain: string) => `${CHALLENGE_LABEL}.${domain}`

export type DomainProof =
  | { isProved: true; method: 'TXT' | 'CNAME' }
  /** isAnswered false: a lookup got no answer (timeout, SERVFAIL…), so this proves nothing either way. */
  | { isProved: false; isAnswered: boolean; problem: string }

export async function proveDomain(
  resolver: DnsResolver,
  claim: { domain: string; token: string; cnameTarget: string },
): Promise<DomainProof> {
  const name = challengeName(claim.domain)
  const [txt, cname] = await Promise.allSettled([resolver.txt(name), resolver.cname(claim.domain)])
  for (const r of [txt, cname]) if (r.status === 'rejected' && !(r.reason instanceof DnsLookupError)) throw r.reason
  if (txt.status === 'fulfilled' && txt.value.some((v) => v.trim() === claim.token)) return { isProved: true, method: 'TXT' }
  if (cname.status === 'fulfilled' && cname.value.includes(claim.cnameTarget)) return { isProved: true, method: 'CNAME' }
  const unanswered = [txt, cname].find((r) => r.status === 'rejected')
  if (unanswered)
    return { isProved: false, isAnswered: false, problem: `${(unanswered.reason as Error).message}; it is checked again later` }
  const txtFound = txt.status === 'fulfilled' ? txt.value : []
  const cnameFound = cname.status === 'fulfilled' ? cname.value : []
  const aboutTxt = txtFound.length ? `The TXT record ${name} does not hold this instance's token` : `No TXT record ${name}`
  const aboutCname = cnameFound.length
    ? `${claim.domain} is a CNAME of ${cnameFound[0]}, not of ${claim.cnameTarget}`
    : `${claim.domain} is not a CNAME of ${claim.cnameTarget}`
  return { isProved: false, isAnswered: true, problem: `${aboutTxt}, and ${aboutCname}.` }
}
