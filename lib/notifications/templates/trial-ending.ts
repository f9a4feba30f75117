// Reminder before a trial ends (7 and 2 days before, then the day itself).
import { z } from 'zod'
import { longDate } from '../../format'
import { defineTemplate } from '../engine/template'
import { date, httpUrl, text } from './fields'

export const trialEnding = defineTemplate(
  z.object({ orgName: text(), planName: text(), daysLeft: z.number().int().min(0), url: httpUrl, trialEndsAt: date.optional() }),
  (d) => {
    const when = d.daysLeft === 0 ? 'today' : d.daysLeft === 1 ? 'tomorrow' : `in ${d.daysLeft} days`
    return {
      subject: `Your ${d.planName} trial ends ${when}`,
      preheader: `Add a payment method to keep ${d.orgName} running.`,
      heading: `Your trial ends ${when}`,
      paragraphs: [
        `The ${d.planName} trial of ${d.orgName} ends ${when}${d.trialEndsAt ? ` (${longDate(d.trialEndsAt)})` : ''}.`,
        'Add a payment method to keep your instance running without interruption. Without one, the instance is suspended when the trial ' +
          'ends; your data is kept.',
      ],
      action: { label: 'Add a payment method', url: d.url },
    }
  },
)
