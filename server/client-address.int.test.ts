// The client address over a real socket: a Node http.Server doing what server/http.ts does before
// Next, in front of the route glue's request context. A client that writes X-Forwarded-For (or
// the stamped header itself) is still counted at its own address unless it is a trusted proxy.
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { afterEach, describe, expect, it } from 'vitest'
import { contextOf } from '@/app/_server/route'
import { CLIENT_ADDRESS_HEADER, stampClientAddress, trustedProxies, type TrustedProxies } from '@/lib/http/client-address'
import { stampRequest } from './client-address'

let server: http.Server | undefined
afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())))

/** A server answering with the request context's ip, and a way to call it with extra headers. */
async function serve(trusted: TrustedProxies) {
  server = http.createServer((request, response) => {
    stampRequest(request, trusted)
    const headers = new Headers()
    for (const [name, value] of Object.entries(request.headers)) if (typeof value === 'string') headers.set(name, value)
    response.end(JSON.stringify({ ip: contextOf(new Request('http://127.0.0.1/', { headers })).ip ?? null }))
  })
  await new Promise<void>((resolve) => server!.listen(0, '127.0.0.1', resolve))
  const port = (server.address() as AddressInfo).port
  return async (headers: Record<string, string> = {}) =>
    ((await (await fetch(`http://127.0.0.1:${port}/`, { headers })).json()) as { ip: string | null }).ip
}

describe('client address', () => {
  it('without TRUSTED_PROXIES: the socket peer, whatever the client writes', async () => {
    const ipOf = await serve(trustedProxies([]))
    expect(await ipOf()).toBe('127.0.0.1')
    for (let i = 1; i <= 20; i++) expect(await ipOf({ 'x-forwarded-for': `203.0.113.${i}` })).toBe('127.0.0.1')
    expect(await ipOf({ 'x-forwarded-for': '203.0.113.9', 'x-real-ip': '203.0.113.10' })).toBe('127.0.0.1')
    // a stamped header forged by the client is replaced
    expect(await ipOf({ [CLIENT_ADDRESS_HEADER]: 'forged 203.0.113.9' })).toBe('127.0.0.1')
  })

  it('behind a trusted proxy (the loopback here): the address the proxy added', async () => {
    const ipOf = await serve(trustedProxies(['127.0.0.0/8', '::1']))
    expect(await ipOf({ 'x-forwarded-for': '203.0.113.7' })).toBe('203.0.113.7')
    expect(await ipOf({ 'x-forwarded-for': '6.6.6.6, 203.0.113.7' })).toBe('203.0.113.7')
    expect(await ipOf()).toBe('127.0.0.1')
  })

  it('the request context never believes X-Forwarded-For or an unstamped address header by itself', () => {
    const ip = (headers: Record<string, string>) => contextOf(new Request('http://127.0.0.1/', { headers })).ip
    expect(ip({ 'x-forwarded-for': '203.0.113.7' })).toBeUndefined()
    expect(ip({ 'x-real-ip': '203.0.113.7' })).toBeUndefined()
    expect(ip({ [CLIENT_ADDRESS_HEADER]: '203.0.113.7' })).toBeUndefined()
    expect(ip({ [CLIENT_ADDRESS_HEADER]: stampClientAddress('203.0.113.7') })).toBe('203.0.113.7')
  })
})
