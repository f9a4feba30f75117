// Provisioning finished: the instance's address (never its credentials).
import { z } from 'zod'
import { defineTemplate } from '../engine/template'
import { httpUrl, text } from './fields'

export const instanceReady = defineTemplate(
  z.object({ orgName: text(), instanceUrl: httpUrl, planName: text().optional(), dashboardUrl: httpUrl.optional() }),
  (d, ctx) => ({
    subject: `Your instance for ${d.orgName} is ready`,
    preheader: `It is running at ${d.instanceUrl}.`,
    heading: 'Your instance is ready',
    paragraphs: [
      `The instance of ${d.orgName} is up and running.`,
      `Sign in with the administrator credentials shown in your ${ctx.productName} dashboard when provisioning finished. For your ` +
        `security they are never sent by email.`,
    ],
    details: [['Address', d.instanceUrl], ...(d.planName ? ([['Plan', d.planName]] as [string, string][]) : [])],
    action: { label: 'Open your instance', url: d.instanceUrl },
    footnote: `Status, storage and usage are on your dashboard: ${d.dashboardUrl ?? ctx.appUrl}`,
  }),
)
