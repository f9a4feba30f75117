import { describe, expect, it } from 'vitest'
import { customDomainSchema, DOMAIN_MESSAGES, domainRefusal } from './domain-policy'

const own = { baseDomain: 'tenants.example.com', appHost: 'console.example.net' }
const parse = (v: string) => customDomainSchema.safeParse(v)
const messageOf = (v: string) => {
  const parsed = parse(v)
  return parsed.success ? domainRefusal(parsed.data, own) : parsed.error.issues[0]!.message
}

describe('custom domain policy', () => {
  it('takes a host name as typed: trimmed, lower-cased, without the final dot', () => {
    expect(parse('  App.Example.ORG. ')).toMatchObject({ success: true, data: 'app.example.org' })
    expect(messageOf('app.example.org')).toBeNull()
    expect(messageOf('xn--bcher-kva.example')).toBe(DOMAIN_MESSAGES.notPublic('example'))
    expect(messageOf('shop.customer-tenants.example.com')).toBeNull()
  })

  it('refuses IP literals in every spelling a browser reads as an address', () => {
    for (const ip of ['10.0.0.1', '127.1', '1.2.3.0x4', '0x7f.0x1', '::1', '[::1]', 'fd00::2', '192.168.1.010']) {
      expect(messageOf(ip), ip).toBe(DOMAIN_MESSAGES.ipAddress)
    }
  })

  it('refuses single labels, wildcards, URLs and bad labels', () => {
    for (const bad of ['localhost', 'intranet', '*.example.com', 'https://app.example.com', '-a.example.com', 'a_b.example.com', '']) {
      expect(messageOf(bad), bad).toBe(DOMAIN_MESSAGES.invalid)
    }
  })

  it('refuses names that are not on the public DNS', () => {
    expect(messageOf('app.localhost')).toBe(DOMAIN_MESSAGES.notPublic('localhost'))
    expect(messageOf('printer.local')).toBe(DOMAIN_MESSAGES.notPublic('local'))
    expect(messageOf('x.home.arpa')).toBe(DOMAIN_MESSAGES.notPublic('arpa'))
    expect(messageOf('1.0.0.127.in-addr.arpa')).toBe(DOMAIN_MESSAGES.notPublic('arpa'))
  })

  it("refuses the control plane's own hosts and everything under them", () => {
    expect(messageOf('console.example.net')).toBe(DOMAIN_MESSAGES.ours('console.example.net'))
    expect(messageOf('Login.Console.Example.Net')).toBe(DOMAIN_MESSAGES.ours('console.example.net'))
    expect(messageOf('tenants.example.com')).toBe(DOMAIN_MESSAGES.ours('tenants.example.com'))
    expect(messageOf('acme.tenants.example.com')).toBe(DOMAIN_MESSAGES.ours('tenants.example.com'))
    // their parents and siblings are someone's to prove
    expect(domainRefusal('shop.tenants.localhost', { baseDomain: 'tenants.localhost', appHost: 'localhost' })).toBe(
      DOMAIN_MESSAGES.ours('tenants.localhost'),
    )
    expect(messageOf('example.net')).toBeNull()
    expect(messageOf('other.example.net')).toBeNull()
  })
})
