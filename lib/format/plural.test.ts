import { describe, expect, it } from 'vitest'
import { plural, pluralize } from './plural'

describe('plural', () => {
  it.each([
    [1, 'NetworkPolicy', 'NetworkPolicies', '1 NetworkPolicy'],
    [4, 'NetworkPolicy', 'NetworkPolicies', '4 NetworkPolicies'],
    [0, 'NetworkPolicy', 'NetworkPolicies', '0 NetworkPolicies'],
    [2, 'CronJob', undefined, '2 CronJobs'],
    [1, 'CronJob', undefined, '1 CronJob'],
    [24, 'hour', undefined, '24 hours'],
    [1, 'minute', undefined, '1 minute'],
    [1000, 'day', undefined, '1000 days'],
  ] as const)('%d %s → %s', (count, one, many, expected) => {
    expect(plural(count, one, many)).toBe(expected)
  })

  it('gives the noun alone', () => {
    expect(pluralize(1, 'tenant')).toBe('tenant')
    expect(pluralize(3, 'tenant')).toBe('tenants')
    expect(pluralize(2, 'NetworkPolicy', 'NetworkPolicies')).toBe('NetworkPolicies')
  })
})
