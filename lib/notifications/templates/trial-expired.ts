// The trial ended and the instance is suspended; the data is kept.
import { z } from 'zod'
import { longDate } from '../../format'
import { defineTemplate } from '../engine/template'
import { date, httpUrl, text } from './fields'

export const trialExpired = defineTemplate(
  z.object({ orgName: text(), planName: text(), url: httpUrl, dataRetainedUntil: date.nullable().optional() }),
  (d) => ({
    subject: `Your ${d.planName} trial has ended`,
    preheader: `The instance of ${d.orgName} is suspended.`,
    heading: 'Your trial has ended',
    paragraphs: [
      `The ${d.planName} trial of ${d.orgName} has ended and its instance is suspended.`,
      'Your data is safe. Choose a plan and add a payment method to resume the instance where you left off.' +
        (d.dataRetainedUntil ? ` We keep the data until ${longDate(d.dataRetainedUntil)}.` : ''),
    ],
    action: { label: 'Choose a plan', url: d.url },
  }),
)
