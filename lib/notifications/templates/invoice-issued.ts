// A new invoice is available: number, total, period and due date.
import { z } from 'zod'
import { formatMoney, longDate } from '../../format'
import { defineTemplate } from '../engine/template'
import { cents, currency, date, httpUrl, text } from './fields'

export const invoiceIssued = defineTemplate(
  z.object({
    orgName: text(),
    number: text(64),
    totalCents: cents,
    currency,
    url: httpUrl,
    periodStart: date.optional(),
    periodEnd: date.optional(),
    dueAt: date.nullable().optional(),
  }),
  (d) => {
    const total = formatMoney(d.totalCents, d.currency)
    const details: [string, string][] = [
      ['Invoice', d.number],
      ['Total', total],
    ]
    if (d.periodStart && d.periodEnd) details.push(['Period', `${longDate(d.periodStart)} – ${longDate(d.periodEnd)}`])
    if (d.dueAt) details.push(['Due', longDate(d.dueAt)])
    return {
      subject: `Invoice ${d.number} for ${d.orgName}: ${total}`,
      preheader: `Your invoice of ${total} is available.`,
      heading: `Invoice ${d.number}`,
      paragraphs: [`A new invoice of ${total} for ${d.orgName} is available.`],
      details,
      action: { label: 'View invoice', url: d.url },
    }
  },
)
