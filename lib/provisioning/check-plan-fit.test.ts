import { describe, expect, it } from 'vitest'
import { findPlan, type Plan } from '../plans/catalog'
import { planFitProblems } from './check-plan-fit'
import { genericNeeds } from '../apps/testing/generic'

const free = findPlan('free')!
const pro = findPlan('pro')!
const GI = 1024 ** 3
const fit = (plan: Plan, usage: Parameters<typeof planFitProblems>[2]) => planFitProblems(plan, genericNeeds(plan), usage)

describe('planFitProblems', () => {
  it('lets an upgrade through', () => {
    expect(fit(pro, { quotaUsed: { 'requests.storage': '10Gi', pods: '3', persistentvolumeclaims: '2' }, storedBytes: 3 * GI })).toEqual([])
  })

  it('refuses a downgrade while the claimed storage exceeds the new quota, naming the numbers', () => {
    const problems = fit(free, { quotaUsed: { 'requests.storage': '50Gi', pods: '4' }, storedBytes: 2 * GI })
    expect(problems).toEqual(['requests.storage in use is 50Gi; the Free plan allows 10Gi'])
  })

  it('refuses a downgrade while the stored data exceeds the new plan', () => {
    expect(fit(free, { quotaUsed: null, storedBytes: 12.5 * GI })).toEqual(['12.5 GiB of data is stored; the Free plan allows 10 GiB'])
  })

  it('counts objects too', () => {
    expect(fit(free, { quotaUsed: { pods: '30' }, storedBytes: null })[0]).toMatch(/^pods in use is 30; the Free plan allows \d+$/)
  })

  it('ignores CPU and memory requests (they follow the plan being applied)', () => {
    expect(fit(free, { quotaUsed: { 'requests.cpu': '4', 'limits.memory': '8Gi' }, storedBytes: null })).toEqual([])
  })
})
