/**
 * The DNS lookups that prove a custom domain (a port: the real one is node-resolver.ts, asking the
 * servers of DNS_SERVERS; the integration tests point it at a real DNS server they start).
 * "No such record" is an answer ([]); anything that prevents an answer is a DnsLookupError.
 */
export interface DnsResolver {
  /** The TXT records at `name`, each one's strings joined; [] when the name or the type does not exist. */
  txt(name: string): Promise<string[]>
  /** The CNAME targets at `name`, lower-cased without the trailing dot; [] when there is none. */
  cname(name: string): Promise<string[]>
}

/** A lookup that got no answer (timeout, SERVFAIL, REFUSED, no server reachable…): proves neither way. */
export class DnsLookupError extends Error {
  constructor(
    readonly code: string,
    readonly name: string,
  ) {
    super(`DNS lookup of ${name} failed (${code})`)
    this.name = 'DnsLookupError'
  }
}
