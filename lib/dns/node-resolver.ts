/**
 * DnsResolver on node:dns/promises' Resolver (c-ares: it asks the servers directly, not through
 * the system's getaddrinfo), with the servers of DNS_SERVERS or, when unset, the system's.
 */
import { Resolver } from 'node:dns/promises'
import { getEnv } from '../env'
import { DnsLookupError, type DnsResolver } from './resolver'

/** Answers meaning "there is no such record" (NXDOMAIN, NODATA). */
const NO_RECORD = new Set(['ENOTFOUND', 'ENODATA'])

export function createNodeResolver(servers: readonly string[] = [], options: { timeoutMs?: number; tries?: number } = {}): DnsResolver {
  const resolver = new Resolver({ timeout: options.timeoutMs ?? 2_000, tries: options.tries ?? 2 })
  if (servers.length) resolver.setServers([...servers])
  const lookup = async <T>(name: string, query: () => Promise<T[]>): Promise<T[]> => {
    try {
      return await query()
    } catch (error) {
      const code = (error as NodeJS.ErrnoException).code ?? 'EUNKNOWN'
      if (NO_RECORD.has(code)) return []
      throw new DnsLookupError(code, name)
    }
  }
  return {
    txt: async (name) => (await lookup(name, () => resolver.resolveTxt(name))).map((chunks) => chunks.join('')),
    cname: async (name) => (await lookup(name, () => resolver.resolveCname(name))).map((t) => t.toLowerCase().replace(/\.$/, '')),
  }
}

/** The resolver of this process's configuration (DNS_SERVERS). */
export function dnsResolver(): DnsResolver {
  return createNodeResolver(getEnv().DNS_SERVERS)
}
