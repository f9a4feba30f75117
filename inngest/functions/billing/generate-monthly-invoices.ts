// On the 1st of every month (02:00 UTC): invoice the month that just ended, then email the
// owners. Re-running (a retry, a second worker) creates nothing new.
import { defineJob } from '@/lib/jobs/define'
import { generateMonthlyInvoices } from '@/lib/billing/generate-monthly-invoices'
import { notifyInvoicesIssued } from '@/lib/billing/notify-invoices-issued'

export const generateMonthlyInvoicesJob = defineJob({ id: 'billing-generate-monthly-invoices', trigger: { cron: '0 2 1 * *' }, retries: 4 }, async ({ step }) => {
  const run = await step.run('generate', async () => {
    const result = await generateMonthlyInvoices()
    return { ...result, invoiceIds: result.invoiceIds }
  })
  const emails = await step.run('notify', () => notifyInvoicesIssued(run.invoiceIds))
  return { periodStart: run.periodStart, created: run.created, alreadyIssued: run.alreadyIssued, zeroTotal: run.zeroTotal, emails }
})
