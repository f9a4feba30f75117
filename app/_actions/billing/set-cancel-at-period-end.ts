'use server'
// Billing → Cancel at the end of the period, or Keep my subscription (owners).
import { z } from 'zod'
import { orgAction } from '@/app/_server/action'
import { setCancelAtPeriodEnd } from '@/lib/billing/set-cancel-at-period-end'
import { stripePort } from '@/lib/stripe/sdk'

export const setCancelAtPeriodEndAction = orgAction({
  name: 'set-cancel-at-period-end',
  input: z.object({
    cancelAtPeriodEnd: z.enum(['true', 'false'], { message: 'Say whether to cancel (true or false)' }).transform((v) => v === 'true'),
  }),
  run: ({ cancelAtPeriodEnd }, { org, user }) => setCancelAtPeriodEnd({ orgId: org.id, userId: user.id, cancelAtPeriodEnd }, stripePort()),
})
