'use server'
// Billing → Pause or Resume, with a reason code (owners): the instance is stopped or started with it.
import { z } from 'zod'
import { orgAction } from '@/app/_server/action'
import { pauseSubscription } from '@/lib/billing/pause-subscription'
import { textField } from '@/lib/errors/input'
import { stripePort } from '@/lib/stripe/sdk'

export const pauseSubscriptionAction = orgAction({
  name: 'pause-subscription',
  input: z.object({
    isPaused: z.enum(['true', 'false'], { message: 'Say whether to pause or resume (true or false)' }).transform((v) => v === 'true'),
    reason: textField('Give a reason code', 64, 'At most 64 characters'),
  }),
  run: ({ isPaused, reason }, { org, user }) => pauseSubscription({ orgId: org.id, userId: user.id, isPaused, reason }, stripePort()),
})
