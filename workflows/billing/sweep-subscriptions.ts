// Every minute: downgrades due at the period end, trial reminders, trial expiry, suspension after the dunning grace period, resume
// of recovered subscriptions (lib/billing/sweep-subscriptions.ts; a few indexed queries a pass).
import { defineJob } from '@/lib/jobs/define'
import { sweepSubscriptions } from '@/lib/billing/sweep-subscriptions'
import { stripePort } from '@/lib/stripe/sdk'

export const sweepSubscriptionsJob = defineJob(
  { id: 'billing-sweep-subscriptions', trigger: { cron: '* * * * *' }, retries: 2 },
  async ({ step }) => step.run('sweep', () => sweepSubscriptions(undefined, stripePort())),
)
