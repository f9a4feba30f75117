/**
 * Stripe Checkout for the organization's paid plan: one Stripe customer per organization (our id
 * in its metadata, its id on our row), a subscription session with the plan's trial days and
 * its lookup-key price, our organization id as client_reference_id. Payment completes on
 * Stripe's page; the webhook provisions the instance.
 */
import { z } from 'zod'
import { recordAudit } from '../audit/record-audit'
import { db } from '../db'
import { getEnv } from '../env'
import { AppError } from '../errors/app-error'
import { requireOrgRole } from '../orgs/authorize'
import { rolesWith } from '../orgs/roles'
import { findPlan } from '../plans/catalog'
import type { StripePort } from '../stripe/port'

export const checkoutInput = z.object({ orgId: z.string().min(1), userId: z.string().min(1), planId: z.string().min(1).optional() })

export async function ensureStripeCustomer(stripe: StripePort, orgId: string): Promise<string> {
  const org = await db.organization.findUniqueOrThrow({
    where: { id: orgId },
    select: {
      name: true,
      stripeCustomerId: true,
      billingEmail: true,
      memberships: { where: { role: 'OWNER' }, orderBy: { createdAt: 'asc' }, take: 1, select: { user: { select: { email: true } } } },
    },
  })
  if (org.stripeCustomerId) return org.stripeCustomerId
  const customer = await stripe.createCustomer({ orgId, name: org.name, email: org.billingEmail ?? org.memberships[0]?.user.email ?? null })
  // Only the first writer wins; the creation itself is idempotent per organization at Stripe.
  await db.organization.updateMany({ where: { id: orgId, stripeCustomerId: null }, data: { stripeCustomerId: customer.id } })
  const saved = await db.organization.findUniqueOrThrow({ where: { id: orgId }, select: { stripeCustomerId: true } })
  return saved.stripeCustomerId!
}

export async function createCheckoutSession(input: z.infer<typeof checkoutInput>, stripe: StripePort | null): Promise<{ url: string }> {
  const { orgId, userId, planId } = checkoutInput.parse(input)
  const { org } = await requireOrgRole({ orgId, userId, roles: rolesWith('manage') })
  if (!stripe) throw new AppError('PRECONDITION_FAILED', 'Payments are not enabled on this installation')
  const sub = await db.subscription.findUnique({
    where: { orgId },
    select: { id: true, planId: true, status: true, stripeSubscriptionId: true },
  })
  if (!sub) throw new AppError('NOT_FOUND', 'This organization has no subscription')
  if (sub.stripeSubscriptionId && sub.status !== 'CANCELED' && sub.status !== 'EXPIRED')
    throw new AppError('CONFLICT', 'This organization already has a subscription: manage it from the billing page')
  const plan = findPlan(planId ?? sub.planId)
  if (!plan?.stripeLookupKey || !plan.requiresPayment) throw new AppError('PRECONDITION_FAILED', 'This plan needs no payment')
  const customerId = await ensureStripeCustomer(stripe, orgId)
  const appUrl = getEnv().appUrl
  const session = await stripe.createCheckoutSession({
    customerId,
    lookupKey: plan.stripeLookupKey,
    // The trial is for a first paid subscription only.
    trialDays:
      sub.status === 'INCOMPLETE' || (!sub.stripeSubscriptionId && sub.status === 'ACTIVE' && !findPlan(sub.planId)?.requiresPayment)
        ? plan.trialDays
        : 0,
    orgId,
    successUrl: `${appUrl}/${org.slug}/provisioning?checkout=success`,
    cancelUrl: `${appUrl}/${org.slug}/billing?checkout=canceled`,
    idempotencyKey: `tenancy-checkout-${orgId}-${plan.id}-${Math.floor(Date.now() / 600_000)}`,
  })
  await recordAudit({
    action: 'billing.checkout.started',
    actorType: 'USER',
    actorUserId: userId,
    orgId,
    targetType: 'subscription',
    targetId: sub.id,
    after: { planId: plan.id, checkoutSessionId: session.id },
  })
  return { url: session.url }
}
