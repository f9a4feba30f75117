/** A Stripe Customer Portal session (payment method, invoices), for owners and admins. */
import { z } from 'zod'
import { recordAudit } from '../audit/record-audit'
import { getEnv } from '../env'
import { AppError } from '../errors/app-error'
import { requireOrgRole } from '../orgs/authorize'
import { rolesWith } from '../orgs/roles'
import type { StripePort } from '../stripe/port'
import { ensureStripeCustomer } from './create-checkout-session'

export const portalInput = z.object({ orgId: z.string().min(1), userId: z.string().min(1) })

export async function createPortalSession(input: z.infer<typeof portalInput>, stripe: StripePort | null): Promise<{ url: string }> {
  const { orgId, userId } = portalInput.parse(input)
  const { org } = await requireOrgRole({ orgId, userId, roles: rolesWith('manage') })
  if (!stripe) throw new AppError('PRECONDITION_FAILED', 'Payments are not enabled on this installation')
  const customerId = await ensureStripeCustomer(stripe, orgId)
  const session = await stripe.createPortalSession({ customerId, returnUrl: `${getEnv().appUrl}/${org.slug}/billing` })
  await recordAudit({
    action: 'billing.portal.opened',
    actorType: 'USER',
    actorUserId: userId,
    orgId,
    targetType: 'organization',
    targetId: orgId,
  })
  return { url: session.url }
}
