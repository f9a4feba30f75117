'use server'
// Billing → Subscribe (billing `none`): an owner turns the trial's plan into an active subscription.
import { z } from 'zod'
import { orgAction } from '@/app/_server/action'
import { activateSubscription } from '@/lib/billing/activate-subscription'

export const activateSubscriptionAction = orgAction({
  name: 'activate-subscription',
  input: z.object({}),
  run: (_input, { org, user }) => activateSubscription({ orgId: org.id, userId: user.id }),
})
