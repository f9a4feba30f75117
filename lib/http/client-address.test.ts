import { describe, expect, it } from 'vitest'
import {
  readStampedClientAddress,
  resolveClientAddress as clientAddress,
  parseProxyEntry,
  stampClientAddress,
  trustedProxies,
} from './client-address'

const none = trustedProxies([])
const loopbackAndLan = trustedProxies(['127.0.0.1', '10.0.0.0/8', 'fd00::/8'])

describe('clientAddress', () => {
  it('without trusted proxies, is the socket peer whatever X-Forwarded-For claims', () => {
    for (const forwardedFor of ['203.0.113.7', '198.51.100.1, 203.0.113.7', '127.0.0.1', 'garbage', '', null])
      expect(clientAddress({ socketAddress: '192.0.2.10', forwardedFor, trusted: none })).toBe('192.0.2.10')
    expect(clientAddress({ socketAddress: '::ffff:192.0.2.10', forwardedFor: '1.2.3.4', trusted: none })).toBe('192.0.2.10')
  })

  it('from an untrusted peer, ignores the header even when trusted proxies are configured', () => {
    expect(clientAddress({ socketAddress: '192.0.2.10', forwardedFor: '203.0.113.7', trusted: loopbackAndLan })).toBe('192.0.2.10')
  })

  it('behind trusted proxies, is the right-most address that is not one of them', () => {
    const at = (forwardedFor: string, socketAddress = '127.0.0.1') =>
      clientAddress({ socketAddress, forwardedFor, trusted: loopbackAndLan })
    expect(at('203.0.113.7')).toBe('203.0.113.7')
    // the client wrote the left-most entries itself: they are never believed past an untrusted hop
    expect(at('6.6.6.6, 203.0.113.7, 10.1.2.3')).toBe('203.0.113.7')
    expect(at('6.6.6.6, 203.0.113.7', '::ffff:10.0.0.5')).toBe('203.0.113.7')
    expect(at('2001:db8::1, fd00::2')).toBe('2001:db8::1')
    // all trusted: the left-most
    expect(at('10.0.0.9, 10.0.0.8')).toBe('10.0.0.9')
    // no header: the proxy itself
    expect(at('')).toBe('127.0.0.1')
    // an entry that is not an address ends the trust at the last trusted hop
    expect(at('203.0.113.7, not-an-ip, 10.0.0.8')).toBe('10.0.0.8')
    expect(at('203.0.113.7, 203.0.113.8\t')).toBe('203.0.113.8')
  })

  it('has no address without a socket peer', () => {
    expect(clientAddress({ socketAddress: undefined, forwardedFor: '203.0.113.7', trusted: loopbackAndLan })).toBeUndefined()
  })
})

describe('TRUSTED_PROXIES entries', () => {
  it('accepts addresses and CIDRs of both families, refuses the rest with the entry named', () => {
    expect(parseProxyEntry('10.0.0.0/8')).toEqual({ address: '10.0.0.0', prefix: 8, family: 'ipv4' })
    expect(parseProxyEntry('fd00::/8')).toEqual({ address: 'fd00::', prefix: 8, family: 'ipv6' })
    expect(parseProxyEntry('127.0.0.1')).toEqual({ address: '127.0.0.1', prefix: 32, family: 'ipv4' })
    for (const bad of ['10.0.0.0/33', '10.0.0.0/-1', '10.0.0.0/8/1', 'localhost', '10.0.0', '::/129', '10.0.0.0/ 8', ''])
      expect(parseProxyEntry(bad), bad).toEqual({ error: expect.stringContaining(`"${bad}"`) })
  })
})

describe('the stamped header', () => {
  it('carries the address this process resolved; a header written by anyone else is ignored', () => {
    expect(readStampedClientAddress(stampClientAddress('203.0.113.7'))).toBe('203.0.113.7')
    expect(readStampedClientAddress(stampClientAddress('2001:db8::1'))).toBe('2001:db8::1')
    expect(readStampedClientAddress(stampClientAddress(undefined))).toBeUndefined()
    const forged = stampClientAddress('203.0.113.7').replace(/^\S/, (c) => (c === 'A' ? 'B' : 'A'))
    for (const value of ['203.0.113.7', ' 203.0.113.7', 'x 203.0.113.7', forged, '', null])
      expect(readStampedClientAddress(value), String(value)).toBeUndefined()
    // the stamp is right but the address is not one
    expect(readStampedClientAddress(stampClientAddress('evil, 1.2.3.4'))).toBeUndefined()
  })
})
