// The fleet figures on a real database, against values computed by hand from the rows written.
import { beforeAll, describe, expect, it } from 'vitest'
import { createOrgWithOwner, createTenant } from '../orgs/testing/fixtures'
import { useTestDatabase } from '../testing/use-test-database'
import { fleetMetrics } from './fleet-metrics'

const database = useTestDatabase()
const now = new Date('2026-11-20T12:00:00Z')
const ago = (days: number, ms = 0) => new Date(now.getTime() - days * 86_400_000 + ms)

beforeAll(async () => {
  const db = database.db
  // Subscriptions: pro ACTIVE ×2 (trial ended 10 days ago → converted), pro PAST_DUE ×1,
  // enterprise ACTIVE ×1 (contract), free ACTIVE ×1 (0), trial ended unpaid ×1 (EXPIRED),
  // canceled 5 days ago ×1, canceled 60 days ago ×1 (outside the churn window).
  const subs = [
    { planId: 'pro', status: 'ACTIVE', trialEndsAt: ago(10) },
    { planId: 'pro', status: 'ACTIVE', trialEndsAt: ago(20) },
    { planId: 'pro', status: 'PAST_DUE' },
    { planId: 'enterprise', status: 'ACTIVE' },
    { planId: 'free', status: 'ACTIVE' },
    { planId: 'pro', status: 'EXPIRED', trialEndsAt: ago(3) },
    { planId: 'pro', status: 'CANCELED', canceledAt: ago(5) },
    { planId: 'pro', status: 'CANCELED', canceledAt: ago(60) },
  ] as const
  const states = ['ACTIVE', 'ACTIVE', 'SUSPENDED', 'ACTIVE', 'ACTIVE', 'SUSPENDED', 'DEPROVISIONED', 'FAILED'] as const
  for (const [i, sub] of subs.entries()) {
    const org = await createOrgWithOwner(db)
    await db.subscription.create({ data: { orgId: org.id, ...sub } })
    const tenant = await createTenant(db, { orgId: org.id, slug: org.slug, planId: sub.planId, state: states[i]!, createdAt: ago(i) })
    // Provisioning runs of 10, 20, … 80 seconds (the last one 40 days ago: outside the window).
    await db.provisioningRun.create({
      data: {
        tenantId: tenant.id,
        kind: 'PROVISION',
        status: 'SUCCEEDED',
        startedAt: ago(i === 7 ? 40 : 1),
        finishedAt: ago(i === 7 ? 40 : 1, (i + 1) * 10_000),
      },
    })
  }
  await db.provisioningRun.create({
    data: {
      tenantId: (await db.tenant.findFirstOrThrow()).id,
      kind: 'PROVISION',
      status: 'FAILED',
      startedAt: ago(1),
      finishedAt: ago(1, 999_000),
    },
  })
  await db.jobRun.createMany({
    data: [
      {
        functionId: 'f',
        eventName: 'e',
        eventData: {},
        idempotencyKey: 'a',
        status: 'DEAD',
        maxAttempts: 1,
        createdAt: new Date(now.getTime() - 3_600_000),
      },
      { functionId: 'f', eventName: 'e', eventData: {}, idempotencyKey: 'b', status: 'FAILED', maxAttempts: 1, createdAt: ago(3) },
      {
        functionId: 'f',
        eventName: 'e',
        eventData: {},
        idempotencyKey: 'c',
        status: 'SUCCEEDED',
        maxAttempts: 1,
        createdAt: new Date(now.getTime() - 3_600_000),
      },
    ],
  })
})

describe('fleetMetrics', () => {
  it('computes tenants by state, MRR/ARR, trial conversion, churn, provisioning percentiles and failed jobs', async () => {
    const m = await fleetMetrics(now)
    expect(Object.fromEntries(m.tenantsByState.map((s) => [s.state, s.count]))).toEqual({
      ACTIVE: 4,
      SUSPENDED: 2,
      DEPROVISIONED: 1,
      FAILED: 1,
    })
    expect(m.totalTenants).toBe(8)
    expect(m.mrrCents).toBe(3 * 4900) // pro ×3 paying; free 0; enterprise by contract
    expect(m.arrCents).toBe(12 * 3 * 4900)
    expect(m.payingSubscriptions).toBe(5)
    expect(m.contractSubscriptions).toBe(1)
    expect(m.trialConversion).toEqual({ ended: 3, converted: 2, rate: 2 / 3 })
    expect(m.churn).toEqual({ canceled: 1, base: 6, rate: 1 / 6 })
    // 10…70 s within 30 days: p50 = 40 s, p95 = 67 s (linear interpolation); the failed run is left out.
    expect(m.provisioning.runs).toBe(7)
    expect(m.provisioning.p50Ms).toBeCloseTo(40_000, 0)
    expect(m.provisioning.p95Ms).toBeCloseTo(67_000, 0)
    expect(m.failedJobs).toEqual({ last24h: 1, last7d: 2 })
    expect(m.newTenantsPerDay).toHaveLength(30)
    expect(m.newTenantsPerDay.reduce((n, d) => n + d.count, 0)).toBe(8)
    expect(m.newTenantsPerDay.at(-1)).toEqual({ day: '2026-11-20', count: 1 })
  })
})
