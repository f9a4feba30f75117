// An invitation to join an organization with a role.
import { z } from 'zod'
import { longDateTime } from '../../format'
import { ROLE_LABELS } from '../../orgs/roles'
import { defineTemplate } from '../engine/template'
import { date, httpUrl, role, text } from './fields'

export const invitation = defineTemplate(
  z.object({ orgName: text(), inviterName: text(), role, url: httpUrl, expiresAt: date }),
  (d, ctx) => ({
    subject: `${d.inviterName} invited you to ${d.orgName} on ${ctx.productName}`,
    preheader: `Join ${d.orgName} as ${ROLE_LABELS[d.role].toLowerCase()}.`,
    heading: `Join ${d.orgName}`,
    paragraphs: [`${d.inviterName} invited you to join ${d.orgName} on ${ctx.productName} as ${ROLE_LABELS[d.role].toLowerCase()}.`],
    details: [
      ['Organization', d.orgName],
      ['Role', ROLE_LABELS[d.role]],
      ['Expires', longDateTime(d.expiresAt)],
    ],
    action: { label: 'Accept invitation', url: d.url },
    footnote: 'If you were not expecting this invitation, you can ignore this email.',
  }),
)
