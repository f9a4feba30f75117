/**
 * Keeps the organization's plan history (PlanPeriod) in step with its subscription: called after
 * every change of plan or status; a new period starts only when the plan or "paying" changes.
 * Paying = ACTIVE or PAST_DUE (owed even if not yet collected); trials, pauses, checkouts not
 * completed, cancellations and expiries are not.
 */
import { now } from '../clock'
import { db, type Prisma, type SubscriptionStatus } from '../db'

type Client = Pick<typeof db, 'planPeriod' | 'subscription'> | Prisma.TransactionClient

export function isPaying(status: SubscriptionStatus): boolean {
  return status === 'ACTIVE' || status === 'PAST_DUE'
}

export async function recordPlanPeriod(orgId: string, options: { at?: Date; client?: Client } = {}): Promise<void> {
  const client = options.client ?? db
  const at = options.at ?? now()
  const sub = await client.subscription.findUnique({ where: { orgId }, select: { planId: true, status: true } })
  if (!sub) return
  const isPaid = isPaying(sub.status)
  const open = await client.planPeriod.findFirst({ where: { orgId, endsAt: null }, orderBy: { startsAt: 'desc' } })
  if (open && open.planId === sub.planId && open.isPaid === isPaid) return
  if (open) await client.planPeriod.update({ where: { id: open.id }, data: { endsAt: at } })
  await client.planPeriod.create({ data: { orgId, planId: sub.planId, isPaid, startsAt: at } })
}
