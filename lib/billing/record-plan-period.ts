/**
 * Keeps the organization's plan history (PlanPeriod) in step with its subscription and its
 * instance's custom domain: called after every change of plan, status or domain; a new period
 * starts only when the plan, "paying" or the domain changes.
 * Paying = ACTIVE or PAST_DUE (owed even if not yet collected); trials, pauses, checkouts not
 * completed, cancellations and expiries are not.
 */
import { now } from '../clock'
import { db, type Prisma, type SubscriptionStatus } from '../db'

type Client = Pick<typeof db, 'planPeriod' | 'subscription' | 'tenant'> | Prisma.TransactionClient

export function isPaying(status: SubscriptionStatus): boolean {
  return status === 'ACTIVE' || status === 'PAST_DUE'
}

export async function recordPlanPeriod(orgId: string, options: { at?: Date; client?: Client } = {}): Promise<void> {
  const client = options.client ?? db
  const at = options.at ?? now()
  const sub = await client.subscription.findUnique({ where: { orgId }, select: { planId: true, status: true } })
  if (!sub) return
  const isPaid = isPaying(sub.status)
  const tenant = await client.tenant.findFirst({
    where: { orgId, state: { not: 'DEPROVISIONED' } },
    select: { customDomain: true },
    orderBy: { createdAt: 'desc' },
  })
  const customDomain = tenant?.customDomain ?? null
  const open = await client.planPeriod.findFirst({ where: { orgId, endsAt: null }, orderBy: { startsAt: 'desc' } })
  if (open && open.planId === sub.planId && open.isPaid === isPaid && open.customDomain === customDomain) return
  if (open) await client.planPeriod.update({ where: { id: open.id }, data: { endsAt: at } })
  await client.planPeriod.create({ data: { orgId, planId: sub.planId, isPaid, customDomain, startsAt: at } })
}
