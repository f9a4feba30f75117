// The link to choose a new password (works once).
import { z } from 'zod'
import { plural } from '../../format'
import { defineTemplate } from '../engine/template'
import { httpUrl, text } from './fields'
import { greeting } from './wording'

export const passwordReset = defineTemplate(
  z.object({ url: httpUrl, name: text().optional(), expiresInMinutes: z.number().int().positive().optional() }),
  (d, ctx) => ({
    subject: `Reset your ${ctx.productName} password`,
    preheader: 'Use this link to choose a new password.',
    heading: 'Reset your password',
    paragraphs: [
      greeting(d.name),
      'Someone asked to reset the password of your account. Choose a new one with the link below.' +
        (d.expiresInMinutes ? ` It expires in ${plural(d.expiresInMinutes, 'minute')} and works once.` : ' It works once.'),
    ],
    action: { label: 'Choose a new password', url: d.url },
    footnote: 'If you did not ask for this, ignore this email: your password stays as it is.',
  }),
)
