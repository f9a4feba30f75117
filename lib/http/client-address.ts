/**
 * The client's address, from the connection and X-Forwarded-For, trusting only the proxies named
 * by TRUSTED_PROXIES (addresses or CIDRs). Without any, the socket's peer is the client and the
 * header is ignored: anyone may write it. With them, the chain [X-Forwarded-For…, socket peer] is
 * read from the right, skipping trusted proxies; the first address that is not one is the client.
 * An entry that is not an address ends the trust there (the last trusted hop is taken instead).
 */
import { randomBytes, timingSafeEqual } from 'node:crypto'
import net from 'node:net'

export interface TrustedProxies {
  check(address: string): boolean
  /** What was configured, for logs. */
  readonly entries: readonly string[]
}

/** "::ffff:10.0.0.1" (an IPv4 peer on a dual-stack socket) → "10.0.0.1"; anything else as it is. */
export function normalizeAddress(address: string): string {
  const trimmed = address.trim()
  const mapped = /^::ffff:(\d+\.\d+\.\d+\.\d+)$/i.exec(trimmed)
  return mapped ? mapped[1]! : trimmed
}

/** One TRUSTED_PROXIES entry ("10.0.0.0/8", "fd00::/8", "127.0.0.1"), or why not. */
export function parseProxyEntry(entry: string): { address: string; prefix: number; family: 'ipv4' | 'ipv6' } | { error: string } {
  const [rawAddress, rawPrefix, ...extra] = entry.trim().split('/')
  const address = normalizeAddress(rawAddress ?? '')
  const version = net.isIP(address)
  if (!version || extra.length) return { error: `"${entry}" is not an address or a CIDR (like 10.0.0.0/8 or fd00::/8)` }
  const max = version === 4 ? 32 : 128
  const prefix = rawPrefix === undefined ? max : Number(rawPrefix)
  if (!/^\d{1,3}$/.test(rawPrefix ?? String(max)) || prefix > max) return { error: `"${entry}" has a prefix outside 0–${max}` }
  return { address, prefix, family: version === 4 ? 'ipv4' : 'ipv6' }
}

export function trustedProxies(entries: readonly string[]): TrustedProxies {
  const list = new net.BlockList()
  for (const entry of entries) {
    const parsed = parseProxyEntry(entry)
    if ('error' in parsed) throw new Error(parsed.error)
    list.addSubnet(parsed.address, parsed.prefix, parsed.family)
  }
  return {
    entries,
    check: (address) => {
      const a = normalizeAddress(address)
      const version = net.isIP(a)
      return version !== 0 && list.check(a, version === 4 ? 'ipv4' : 'ipv6')
    },
  }
}

/** The client of a connection from `socketAddress` that carried `forwardedFor` (the header's value, if any). */
export function resolveClientAddress(input: {
  socketAddress: string | undefined
  forwardedFor: string | null | undefined
  trusted: TrustedProxies
}) {
  const peer = input.socketAddress ? normalizeAddress(input.socketAddress) : undefined
  if (!peer || !input.trusted.check(peer)) return peer
  const hops = (input.forwardedFor ?? '')
    .split(',')
    .map((hop) => normalizeAddress(hop))
    .filter(Boolean)
  let client = peer
  for (let i = hops.length - 1; i >= 0; i--) {
    const hop = hops[i]!
    if (!net.isIP(hop)) break
    client = hop
    if (!input.trusted.check(hop)) break
  }
  return client
}

/**
 * How the HTTP server (server/http.ts) hands the resolved address to the app: a request header it
 * always overwrites, carrying this process's random stamp. A header a client sends cannot carry the
 * stamp, so it is ignored — also when the app runs without that server in front (`next start`).
 */
export const CLIENT_ADDRESS_HEADER = 'x-tenancy-client-address'

const KEY = Symbol.for('tenancy.client-address.stamp')
const holder = globalThis as Record<symbol, string | undefined>
const processStamp = () => (holder[KEY] ??= randomBytes(18).toString('base64url'))

/** The header value for `address`, made by this process. */
export function stampClientAddress(address: string | undefined): string {
  return `${processStamp()} ${address ?? ''}`
}

/** The address a stamped header carries, or undefined for a header this process did not write. */
export function readStampedClientAddress(value: string | null | undefined): string | undefined {
  if (!value) return undefined
  const space = value.indexOf(' ')
  const stamp = Buffer.from(space < 0 ? value : value.slice(0, space))
  const expected = Buffer.from(processStamp())
  if (stamp.length !== expected.length || !timingSafeEqual(stamp, expected)) return undefined
  const address = value.slice(space + 1)
  return net.isIP(address) ? address : undefined
}
