/**
 * The wizard's last step: the account's email address must be verified (EMAIL_NOT_VERIFIED
 * otherwise: no instance for an address nobody proved; an OAuth sign-up is verified by its
 * provider), everything is validated again before anything is written, then the organization
 * (with its owner), its subscription and its instance are created and provisioning is requested.
 * Returns where to go next: the organization's provisioning page, or Stripe Checkout for a paid
 * plan when payments are enabled.
 */
import { createOrganization } from '../orgs/create-organization'
import { createCheckoutSession } from '../billing/create-checkout-session'
import { startSubscription } from '../billing/start-subscription'
import { findPlan } from '../plans/catalog'
import { stripePort } from '../stripe/sdk'
import { requestProvisioning } from '../provisioning/request-provisioning'
import { db, withDbScope } from '../db'
import { AppError } from '../errors/app-error'
import type { RequestContext } from '../http/request-context'
import { validateOrganizationStep, validatePlanStep, type WizardState } from './wizard'

export const EMAIL_NOT_VERIFIED_MESSAGE =
  'Verify your email address before we start your instance: open the link we sent you, or send a new one.'

export async function completeSignup(
  input: { state: WizardState; userId: string },
  ctx: RequestContext,
): Promise<{ orgSlug: string; checkoutUrl?: string }> {
  if (!input.state.name || !input.state.slug || !input.state.planId)
    throw new AppError('PRECONDITION_FAILED', 'Some steps are not complete yet')
  const user = await db.user.findUnique({ where: { id: input.userId }, select: { emailVerifiedAt: true } })
  if (!user?.emailVerifiedAt) throw new AppError('EMAIL_NOT_VERIFIED', EMAIL_NOT_VERIFIED_MESSAGE)
  const org = await validateOrganizationStep({ name: input.state.name, slug: input.state.slug })
  const { planId } = validatePlanStep({ planId: input.state.planId }, input.state)
  const created = await createOrganization({ name: org.name, slug: org.slug, userId: input.userId }, ctx)
  // The rest is the new organization's own (row-level security's scope).
  return withDbScope({ orgId: created.id, userId: input.userId }, () => startInstance(created, planId, input.userId))
}

async function startInstance(created: { id: string; slug: string }, planId: string, userId: string) {
  // Billing `stripe`: a paid plan goes through Stripe Checkout first; the webhook provisions.
  const stripe = stripePort()
  const plan = findPlan(planId)
  if (stripe && plan?.requiresPayment) {
    await startSubscription({ orgId: created.id, planId, awaitsCheckout: true })
    const { url } = await createCheckoutSession({ orgId: created.id, userId }, stripe)
    return { orgSlug: created.slug, checkoutUrl: url }
  }
  await startSubscription({ orgId: created.id, planId })
  await requestProvisioning({ orgId: created.id, slug: created.slug, planId, requestedBy: userId })
  return { orgSlug: created.slug }
}
