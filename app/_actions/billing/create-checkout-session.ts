'use server'
// Billing → Complete checkout (owners and admins): on to Stripe Checkout for the plan.
import { redirect } from 'next/navigation'
import { z } from 'zod'
import { orgAction } from '@/app/_server/action'
import { createCheckoutSession } from '@/lib/billing/create-checkout-session'
import { stripePort } from '@/lib/stripe/sdk'

export const createCheckoutSessionAction = orgAction({
  name: 'create-checkout-session',
  input: z.object({}),
  run: async (_input, { org, user }) => {
    const { url } = await createCheckoutSession({ orgId: org.id, userId: user.id }, stripePort())
    redirect(url)
  },
})
