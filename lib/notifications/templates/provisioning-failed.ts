// Provisioning failed: whether it is being retried, and where to follow it.
import { z } from 'zod'
import { defineTemplate } from '../engine/template'
import { httpUrl, text } from './fields'

export const provisioningFailed = defineTemplate(
  z.object({ orgName: text(), url: httpUrl, reason: text(500).nullable().optional(), isRetrying: z.boolean().default(false) }),
  (d) => ({
    subject: `We could not set up the instance for ${d.orgName}`,
    preheader: d.isRetrying ? 'We are retrying automatically.' : 'Our team has been notified.',
    heading: 'Setting up your instance failed',
    paragraphs: [
      `Something went wrong while setting up the instance of ${d.orgName}.` + (d.reason ? ` ${d.reason}` : ''),
      d.isRetrying
        ? 'We are retrying automatically and will email you when it is ready. You do not need to do anything.'
        : 'Our team has been notified and will look into it. You can follow the progress on the status page.',
    ],
    action: { label: 'See provisioning status', url: d.url },
  }),
)
