import { describe, expect, it } from 'vitest'
import { plural, pluralize, regularPlural } from './plural'

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
    [4, 'NetworkPolicy', undefined, '4 NetworkPolicies'],
    [2, 'Ingress', undefined, '2 Ingresses'],
  ] as const)('%d %s → %s', (count, one, many, expected) => {
    expect(plural(count, one, many)).toBe(expected)
  })

  it('gives the noun alone', () => {
    expect(pluralize(1, 'tenant')).toBe('tenant')
    expect(pluralize(3, 'tenant')).toBe('tenants')
    expect(pluralize(2, 'NetworkPolicy', 'NetworkPolicies')).toBe('NetworkPolicies')
  })
})

describe('regularPlural', () => {
  it.each([
    ['day', 'days'],
    ['hour', 'hours'],
    ['minute', 'minutes'],
    ['tenant', 'tenants'],
    ['CronJob', 'CronJobs'],
    ['ResourceQuota', 'ResourceQuotas'],
    ['NetworkPolicy', 'NetworkPolicies'],
    ['Ingress', 'Ingresses'],
    ['box', 'boxes'],
    ['key', 'keys'],
  ])('%s → %s', (one, many) => {
    expect(regularPlural(one)).toBe(many)
  })
})
