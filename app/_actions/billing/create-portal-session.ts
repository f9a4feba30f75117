'use server'
// Billing → Manage payment method (owners and admins): on to the Stripe Customer Portal.
import { redirect } from 'next/navigation'
import { z } from 'zod'
import { orgAction } from '@/app/_server/action'
import { createPortalSession } from '@/lib/billing/create-portal-session'
import { stripePort } from '@/lib/stripe/sdk'

export const createPortalSessionAction = orgAction({
  name: 'create-portal-session',
  input: z.object({}),
  run: async (_input, { org, user }) => {
    const { url } = await createPortalSession({ orgId: org.id, userId: user.id }, stripePort())
    redirect(url)
  },
})
