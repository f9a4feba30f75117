'use server'
// Billing → Change plan (owners and admins): an upgrade now (or on to Checkout), a downgrade at the period end.
import { redirect } from 'next/navigation'
import { z } from 'zod'
import { orgAction } from '@/app/_server/action'
import { changeSubscriptionPlan } from '@/lib/billing/change-subscription-plan'
import { textField } from '@/lib/errors/input'
import { stripePort } from '@/lib/stripe/sdk'

export const changeSubscriptionPlanAction = orgAction({
  name: 'change-subscription-plan',
  input: z.object({ planId: textField('Choose a plan', 64, 'Choose one of the plans shown') }),
  run: async ({ planId }, { org, user }) => {
    const change = await changeSubscriptionPlan({ orgId: org.id, userId: user.id, planId }, stripePort())
    if (change.checkoutUrl) redirect(change.checkoutUrl)
    return change
  },
})
