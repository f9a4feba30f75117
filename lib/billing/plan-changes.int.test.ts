// Plan changes, cancel and pause without Stripe (billing none), through the use cases the
// billing page's routes call: roles, the downgrade guard on stored data, scheduling at the period
// end, the reason code, audit entries and the workflow events sent.
import { describe, expect, it } from 'vitest'
import { addMember, createOrgWithOwner, createTenant } from '../orgs/testing/fixtures'
import { useTestDatabase } from '../testing/use-test-database'
import { activateSubscription } from './activate-subscription'
import { changeSubscriptionPlan } from './change-subscription-plan'
import { pauseSubscription } from './pause-subscription'
import { setCancelAtPeriodEnd } from './set-cancel-at-period-end'
import { startSubscription } from './start-subscription'
import { sweepSubscriptions } from './sweep-subscriptions'

const database = useTestDatabase({ jobs: 'per-file' })
const GB = 1_000_000_000

async function proOrg(storedBytes: number) {
  const org = await createOrgWithOwner(database.db)
  await startSubscription({ orgId: org.id, planId: 'pro' })
  await activateSubscription({ orgId: org.id, userId: org.owner.id })
  const tenant = await createTenant(database.db, { orgId: org.id, slug: org.slug, planId: 'pro', state: 'ACTIVE' })
  const windowStart = new Date(Date.now() - 3_600_000)
  await database.db.usageSample.create({
    data: { tenantId: tenant.id, metric: 'STORAGE_USED_BYTES', volume: 'data', windowStart, windowEnd: new Date(), value: storedBytes },
  })
  return { org, tenant }
}

describe('plan changes without Stripe', () => {
  it('refuses a downgrade while stored data exceeds the new plan, schedules it otherwise and applies it at the period end', async () => {
    const big = await proOrg(30 * 1024 ** 3)
    await expect(changeSubscriptionPlan({ orgId: big.org.id, userId: big.org.owner.id, planId: 'free' }, null)).rejects.toMatchObject({
      code: 'CONFLICT',
      message: expect.stringContaining('Free'),
    })
    expect((await database.db.subscription.findUniqueOrThrow({ where: { orgId: big.org.id } })).pendingPlanId).toBeNull()

    const small = await proOrg(2 * GB)
    const member = await addMember(database.db, small.org.id, 'MEMBER')
    await expect(changeSubscriptionPlan({ orgId: small.org.id, userId: member.id, planId: 'free' }, null)).rejects.toMatchObject({
      code: 'FORBIDDEN',
    })
    expect(await changeSubscriptionPlan({ orgId: small.org.id, userId: small.org.owner.id, planId: 'free' }, null)).toEqual({
      effective: 'period-end',
      planId: 'free',
    })
    const sub = await database.db.subscription.findUniqueOrThrow({ where: { orgId: small.org.id } })
    expect(sub).toMatchObject({ planId: 'pro', pendingPlanId: 'free' })
    expect((await sweepSubscriptions(new Date(sub.currentPeriodEnd!.getTime() - 60_000))).downgrades).toBe(0)
    expect((await sweepSubscriptions(new Date(sub.currentPeriodEnd!.getTime() + 60_000))).downgrades).toBe(1)
    expect(await database.db.subscription.findUniqueOrThrow({ where: { orgId: small.org.id } })).toMatchObject({
      planId: 'free',
      pendingPlanId: null,
    })
    expect(
      database.jobs.sent
        .filter((e) => e.name === 'tenant/plan-change.requested' && (e.data as { tenantId: string }).tenantId === small.tenant.id)
        .map((e) => (e.data as { toPlanId: string }).toPlanId),
    ).toEqual(['free'])
    const actions = (
      await database.db.auditLog.findMany({
        where: { orgId: small.org.id, action: { startsWith: 'billing.plan' } },
        orderBy: { id: 'asc' },
      })
    ).map((a) => a.action)
    expect(actions).toEqual(['billing.plan.downgrade_scheduled', 'billing.plan.downgraded'])
  })

  it('cancels at period end and takes it back; pauses with a reason code and resumes, suspending and resuming the instance', async () => {
    const { org, tenant } = await proOrg(GB)
    expect(await setCancelAtPeriodEnd({ orgId: org.id, userId: org.owner.id, cancelAtPeriodEnd: true }, null)).toEqual({
      cancelAtPeriodEnd: true,
    })
    expect(await setCancelAtPeriodEnd({ orgId: org.id, userId: org.owner.id, cancelAtPeriodEnd: false }, null)).toEqual({
      cancelAtPeriodEnd: false,
    })

    await expect(pauseSubscription({ orgId: org.id, userId: org.owner.id, isPaused: true, reason: 'x'.repeat(65) }, null)).rejects.toThrow(
      /64 characters/,
    )
    await expect(pauseSubscription({ orgId: org.id, userId: org.owner.id, isPaused: true, reason: 'Not A Code!' }, null)).rejects.toThrow(
      /Lowercase/,
    )
    const paused = await pauseSubscription({ orgId: org.id, userId: org.owner.id, isPaused: true, reason: 'seasonal_break' }, null)
    expect(paused.status).toBe('PAUSED')
    expect(await database.db.subscription.findUniqueOrThrow({ where: { orgId: org.id } })).toMatchObject({
      status: 'PAUSED',
      pauseReason: 'seasonal_break',
    })
    expect(
      database.jobs.sent.some(
        (e) =>
          e.name === 'tenant/suspend.requested' &&
          (e.data as { tenantId: string; reason: string }).tenantId === tenant.id &&
          (e.data as { reason: string }).reason === 'Subscription paused',
      ),
    ).toBe(true)
    await expect(pauseSubscription({ orgId: org.id, userId: org.owner.id, isPaused: true, reason: 'again' }, null)).rejects.toMatchObject({
      code: 'CONFLICT',
    })

    // As the suspend workflow leaves it:
    await database.db.tenant.update({ where: { id: tenant.id }, data: { state: 'SUSPENDED', suspendReason: 'Subscription paused' } })
    expect((await pauseSubscription({ orgId: org.id, userId: org.owner.id, isPaused: false, reason: 'back_to_work' }, null)).status).toBe(
      'ACTIVE',
    )
    expect(
      database.jobs.sent.some((e) => e.name === 'tenant/resume.requested' && (e.data as { tenantId: string }).tenantId === tenant.id),
    ).toBe(true)
    const audit = await database.db.auditLog.findMany({
      where: { orgId: org.id, action: { in: ['billing.subscription.paused', 'billing.subscription.resumed'] } },
      orderBy: { id: 'asc' },
    })
    expect(audit.map((a) => [a.action, a.reason])).toEqual([
      ['billing.subscription.paused', 'seasonal_break'],
      ['billing.subscription.resumed', 'back_to_work'],
    ])
  })
})
