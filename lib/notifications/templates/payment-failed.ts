// A payment failed: the amount, the next attempt and the grace period.
import { z } from 'zod'
import { formatMoney, longDate } from '../../format'
import { defineTemplate } from '../engine/template'
import { cents, currency, date, httpUrl, text } from './fields'

export const paymentFailed = defineTemplate(
  z.object({
    orgName: text(),
    amountCents: cents.min(0),
    currency,
    url: httpUrl,
    invoiceNumber: text(64).optional(),
    nextAttemptAt: date.nullable().optional(),
    graceEndsAt: date.nullable().optional(),
  }),
  (d) => {
    const amount = formatMoney(d.amountCents, d.currency)
    return {
      subject: `Payment of ${amount} for ${d.orgName} failed`,
      preheader: 'Update your payment method to avoid interruption.',
      heading: 'Your payment failed',
      paragraphs: [
        `We could not collect ${amount} for ${d.orgName}${d.invoiceNumber ? ` (invoice ${d.invoiceNumber})` : ''}.` +
          (d.nextAttemptAt ? ` We will try again on ${longDate(d.nextAttemptAt)}.` : ''),
        d.graceEndsAt
          ? `Please update your payment method before ${longDate(d.graceEndsAt)}. After that the instance becomes read-only, then it is ` +
            `suspended.`
          : 'Please update your payment method to avoid any interruption of your instance.',
      ],
      details: [['Amount due', amount], ...(d.invoiceNumber ? ([['Invoice', d.invoiceNumber]] as [string, string][]) : [])],
      action: { label: 'Update payment method', url: d.url },
    }
  },
)
