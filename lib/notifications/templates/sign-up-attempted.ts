// Someone tried to create an account with an address that already has one (issue 14: sign-up does
// not tell whether an address has an account, the account's owner is told instead).
import { z } from 'zod'
import { defineTemplate } from '../engine/template'
import { httpUrl, text } from './fields'
import { greeting } from './wording'

export const signUpAttempted = defineTemplate(z.object({ signInUrl: httpUrl, resetUrl: httpUrl, name: text().optional() }), (d, ctx) => ({
  subject: `You already have a ${ctx.productName} account`,
  preheader: 'Someone tried to sign up with this address.',
  heading: 'You already have an account',
  paragraphs: [
    greeting(d.name),
    `Someone tried to create a ${ctx.productName} account with this email address, which already has one. No new account was made.`,
    `If it was you, sign in with the link below. Forgot your password? Choose a new one at ${d.resetUrl}`,
  ],
  action: { label: 'Sign in', url: d.signInUrl },
  footnote: 'If it was not you, you can ignore this email: nothing changed on your account.',
}))
