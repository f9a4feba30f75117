/**
 * Which names a customer may claim as a custom domain, before any DNS proof. Refused always, with a
 * message for the field: anything that is not a host name of at least two labels (IP literals
 * included, in every spelling a browser reads as an address), names that never resolve on the
 * public DNS (localhost and the other special-use names), and the control plane's own names: the
 * host of APP_URL and BASE_DOMAIN, each with everything under it.
 */
import { isIP } from 'node:net'
import { z } from 'zod'
import { getEnv } from '../env'

const LABEL = /^(?!-)[a-z0-9-]{1,63}(?<!-)$/
/** A last label that the WHATWG URL parser reads as a number: the name is an IPv4 address (127.1, 1.2.3.0x4). */
const NUMERIC_LABEL = /^(0x[0-9a-f]*|\d+)$/
/** Special-use names (RFC 6761, 6762, 7686, 9476) and the private-use ones no public DNS answers for. */
const NOT_PUBLIC = ['localhost', 'localdomain', 'local', 'invalid', 'test', 'example', 'arpa', 'onion', 'alt', 'internal', 'home', 'lan']

export const DOMAIN_MESSAGES = {
  invalid: 'Enter a domain name such as app.example.com',
  tooLong: 'A domain name has at most 253 characters',
  ipAddress: 'Enter a domain name, not an IP address',
  notPublic: (suffix: string) => `Names under .${suffix} are not on the public DNS; enter a domain you own`,
  ours: (base: string) => `Addresses under ${base} are ours; enter a domain you own`,
} as const

const isUnder = (name: string, parent: string) => name === parent || name.endsWith(`.${parent}`)

/** A host name: lower-cased, without the final dot, at least two labels of letters/digits/hyphens, no wildcard, no IP address. */
export const customDomainSchema = z
  .string({ message: DOMAIN_MESSAGES.invalid })
  .trim()
  .toLowerCase()
  .transform((v) => v.replace(/\.$/, ''))
  .pipe(
    z
      .string()
      .max(253, DOMAIN_MESSAGES.tooLong)
      .superRefine((v, ctx) => {
        const labels = v.split('.')
        if (isIP(v.replace(/^\[(.*)\]$/, '$1')) || (labels.length > 1 && NUMERIC_LABEL.test(labels.at(-1)!)))
          ctx.addIssue({ code: 'custom', message: DOMAIN_MESSAGES.ipAddress })
        else if (labels.length < 2 || !labels.every((l) => LABEL.test(l)))
          ctx.addIssue({ code: 'custom', message: DOMAIN_MESSAGES.invalid })
      }),
  )

/** The control plane's own names, from the configuration. */
export function ownHosts(): { baseDomain: string; appHost: string } {
  const env = getEnv()
  return { baseDomain: env.BASE_DOMAIN, appHost: new URL(env.appUrl).hostname.toLowerCase().replace(/\.$/, '') }
}

/** Why `domain` (already through customDomainSchema) may not be claimed, or null. */
export function domainRefusal(domain: string, own: { baseDomain: string; appHost: string } = ownHosts()): string | null {
  for (const host of [own.baseDomain, own.appHost]) if (host && isUnder(domain, host)) return DOMAIN_MESSAGES.ours(host)
  const suffix = NOT_PUBLIC.find((s) => isUnder(domain, s))
  return suffix ? DOMAIN_MESSAGES.notPublic(suffix) : null
}
