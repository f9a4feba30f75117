// Sent once an account is created: where to start.
import { z } from 'zod'
import { defineTemplate } from '../engine/template'
import { httpUrl, text } from './fields'
import { greeting } from './wording'

export const welcome = defineTemplate(z.object({ name: text().optional(), url: httpUrl }), (d, ctx) => ({
  subject: `Welcome to ${ctx.productName}`,
  preheader: 'Your account is ready. Here is where to start.',
  heading: `Welcome to ${ctx.productName}`,
  paragraphs: [
    greeting(d.name),
    `Your account is ready. Pick a plan and name your organization, and ${ctx.productName} will set up your own instance in a few minutes.`,
  ],
  action: { label: 'Open your dashboard', url: d.url },
}))
