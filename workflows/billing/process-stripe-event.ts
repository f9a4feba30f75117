// billing/stripe-event.received → re-fetch the object from Stripe and apply it. One customer's
// events run one at a time (concurrency per orderingKey), so two fetches never race.
import { defineJob } from '@/lib/jobs/define'
import { processStripeEvent } from '@/lib/billing/process-stripe-event'
import { stripePort } from '@/lib/stripe/sdk'

export const processStripeEventJob = defineJob(
  {
    id: 'billing-process-stripe-event',
    trigger: { event: 'billing/stripe-event.received' },
    retries: 8,
    concurrency: { key: 'event.data.orderingKey', limit: 1 },
  },
  async ({ event, step }) => step.run('apply', () => processStripeEvent({ stripeEventId: event.data.stripeEventId, stripe: stripePort() })),
)
