'use server'
// Console → tenant → Invoices → Mark paid (a payment received outside Stripe), with a reason.
import { adminAction } from '@/app/_server/action'
import { markInvoicePaid, markPaidInput } from '@/lib/billing/mark-invoice-paid'

export const markInvoicePaidAction = adminAction({
  name: 'admin-mark-invoice-paid',
  operation: 'invoice.mark_paid',
  input: markPaidInput,
  run: markInvoicePaid,
})
