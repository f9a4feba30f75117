// The link that confirms a new account's email address.
import { z } from 'zod'
import { plural } from '../../format'
import { defineTemplate } from '../engine/template'
import { httpUrl, text } from './fields'
import { greeting } from './wording'

export const verifyEmail = defineTemplate(
  z.object({ url: httpUrl, name: text().optional(), expiresInHours: z.number().int().positive().optional() }),
  (d, ctx) => ({
    subject: `Verify your email for ${ctx.productName}`,
    preheader: 'Confirm your email address to finish signing up.',
    heading: 'Confirm your email address',
    paragraphs: [
      greeting(d.name),
      `Confirm that this is your email address to finish setting up your ${ctx.productName} account.` +
        (d.expiresInHours ? ` The link expires in ${plural(d.expiresInHours, 'hour')}.` : ''),
    ],
    action: { label: 'Verify email address', url: d.url },
    footnote: `If you did not sign up for ${ctx.productName}, you can ignore this email.`,
  }),
)
