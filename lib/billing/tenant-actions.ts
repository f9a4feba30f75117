/**
 * Billing drives the provisioning workflows only through their events (never the cluster):
 * provision on payment, suspend on trial expiry / non-payment / cancellation, resume on payment,
 * change plan. `key` makes each request idempotent (the same key never starts a second run).
 */
import { db } from '../db'
import { jobs } from '../jobs/jobs'
import { GONE_STATES, isAllowed } from '../provisioning/lifecycle'
import { requestProvisioning } from '../provisioning/request-provisioning'

export const BILLING_SUSPEND_REASONS = {
  paymentOverdue: 'Payment overdue',
  trialExpired: 'Trial expired',
  canceled: 'Subscription canceled',
  paused: 'Subscription paused',
} as const

const BILLING_REASONS = new Set<string>(Object.values(BILLING_SUSPEND_REASONS))

export function isBillingSuspension(reason: string | null | undefined): boolean {
  return reason != null && BILLING_REASONS.has(reason)
}

/** The organization's live instance (the newest one not deprovisioned), if any. */
export async function currentTenant(orgId: string) {
  return db.tenant.findFirst({
    where: { orgId, state: { notIn: [...GONE_STATES] } },
    orderBy: { createdAt: 'desc' },
    select: { id: true, slug: true, state: true, planId: true, suspendReason: true },
  })
}

/** Provision the organization's instance once its subscription is paid or trialing (idempotent). */
export async function provisionAfterCheckout(input: {
  orgId: string
  slug: string
  planId: string
}): Promise<{ tenantId: string; isNew: boolean }> {
  const existing = await currentTenant(input.orgId)
  if (existing) return { tenantId: existing.id, isNew: false }
  const owner = await db.membership.findFirst({
    where: { orgId: input.orgId, role: 'OWNER' },
    orderBy: { createdAt: 'asc' },
    select: { userId: true },
  })
  const { tenantId } = await requestProvisioning({
    orgId: input.orgId,
    slug: input.slug,
    planId: input.planId,
    requestedBy: owner?.userId ?? '',
  })
  return { tenantId, isNew: true }
}

export async function suspendForBilling(input: {
  orgId: string
  reason: (typeof BILLING_SUSPEND_REASONS)[keyof typeof BILLING_SUSPEND_REASONS]
  key: string
}): Promise<string | null> {
  const tenant = await currentTenant(input.orgId)
  if (!tenant || !isAllowed('billing-suspend', tenant.state)) return null
  await jobs.send({
    name: 'tenant/suspend.requested',
    id: `billing-suspend:${tenant.id}:${input.key}`,
    data: { tenantId: tenant.id, reason: input.reason },
  })
  return tenant.id
}

/** Resumes an instance that billing suspended; an instance suspended by an admin stays suspended. */
export async function resumeAfterBilling(input: { orgId: string; key: string }): Promise<string | null> {
  const tenant = await currentTenant(input.orgId)
  if (!tenant || !isAllowed('billing-resume', tenant.state) || !isBillingSuspension(tenant.suspendReason)) return null
  await jobs.send({ name: 'tenant/resume.requested', id: `billing-resume:${tenant.id}:${input.key}`, data: { tenantId: tenant.id } })
  return tenant.id
}

/** Follows the subscription's plan on the instance (named apart from the console's changeTenantPlan, which an admin starts). */
export async function changePlanForBilling(input: {
  orgId: string
  toPlanId: string
  key: string
  requestedBy?: string
}): Promise<string | null> {
  const tenant = await currentTenant(input.orgId)
  if (!tenant || tenant.planId === input.toPlanId || !isAllowed('billing-change-plan', tenant.state)) return null
  await jobs.send({
    name: 'tenant/plan-change.requested',
    id: `billing-plan:${tenant.id}:${input.key}`,
    data: { tenantId: tenant.id, toPlanId: input.toPlanId, requestedBy: input.requestedBy },
  })
  return tenant.id
}
