// On the 1st of every month (02:00 UTC): invoice the month that just ended, put the lines on the
// customers' Stripe invoices (billing `stripe`), then email the owners. Re-running (a retry, a
// second worker) creates and pushes nothing new.
import { defineJob } from '@/lib/jobs/define'
import { generateMonthlyInvoices } from '@/lib/billing/generate-monthly-invoices'
import { notifyInvoicesIssued } from '@/lib/billing/notify-invoices-issued'
import { pushInvoicesToStripe } from '@/lib/billing/push-invoices-to-stripe'
import { stripePort } from '@/lib/stripe/sdk'

export const generateMonthlyInvoicesJob = defineJob(
  { id: 'billing-generate-monthly-invoices', trigger: { cron: '0 2 1 * *' }, retries: 4 },
  async ({ step }) => {
    const run = await step.run('generate', () => generateMonthlyInvoices())
    const stripe = await step.run('push-to-stripe', () => pushInvoicesToStripe({ periodStart: new Date(run.periodStart) }, stripePort()))
    const emails = await step.run('notify', () => notifyInvoicesIssued(run.invoiceIds))
    return {
      periodStart: run.periodStart,
      created: run.created,
      alreadyIssued: run.alreadyIssued,
      zeroTotal: run.zeroTotal,
      stripe,
      emails,
    }
  },
)
