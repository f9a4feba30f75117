import { afterEach, describe, expect, it } from 'vitest'
import { resetEnvCache } from '../env'
import { guardrailOptions, instanceSmtp, platformFacts } from './platform'

afterEach(() => {
  for (const name of ['INSTANCE_SMTP_URL', 'INSTANCE_SMTP_FROM', 'EGRESS_BLOCKED_CIDRS']) delete process.env[name]
  resetEnvCache()
})

describe('what the platform gives every app', () => {
  it('reads the instances’ mail relay from INSTANCE_SMTP_URL, keeping its password out of the facts', () => {
    expect(instanceSmtp()).toBeNull()
    expect(platformFacts()).not.toHaveProperty('smtp')
    process.env.INSTANCE_SMTP_URL = 'smtp://relay%40acme:p%40ss%3Aword@relay.example.com:2525'
    process.env.INSTANCE_SMTP_FROM = 'Instances <no-reply@example.com>'
    resetEnvCache()
    expect(instanceSmtp()).toEqual({
      relay: { host: 'relay.example.com', port: 2525, username: 'relay@acme', from: 'Instances <no-reply@example.com>' },
      password: 'p@ss:word',
    })
    expect(JSON.stringify(platformFacts())).not.toContain('p@ss')
    process.env.INSTANCE_SMTP_URL = 'smtps://u:p@relay.example.com'
    resetEnvCache()
    expect(instanceSmtp()!.relay.port).toBe(465)
  })

  it('adds EGRESS_BLOCKED_CIDRS to the ranges always blocked, a bare address as a /32', () => {
    process.env.EGRESS_BLOCKED_CIDRS = '203.0.113.7, 198.51.100.0/24'
    resetEnvCache()
    const { blockedCidrs } = guardrailOptions()
    expect(blockedCidrs).toEqual(expect.arrayContaining(['10.0.0.0/8', '169.254.0.0/16', '203.0.113.7/32', '198.51.100.0/24']))
  })

  it('refuses an EGRESS_BLOCKED_CIDRS entry that is not a range', () => {
    process.env.EGRESS_BLOCKED_CIDRS = '10.0.0.0/99'
    resetEnvCache()
    expect(() => guardrailOptions()).toThrow(/EGRESS_BLOCKED_CIDRS/)
  })
})
