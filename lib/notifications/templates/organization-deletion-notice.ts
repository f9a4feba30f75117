// A week before an organization's purge (lib/orgs/purge-sweep.ts): the date, and where to cancel.
import { z } from 'zod'
import { longDate } from '../../format'
import { defineTemplate } from '../engine/template'
import { date, httpUrl, text } from './fields'

export const organizationDeletionNotice = defineTemplate(z.object({ orgName: text(), deletionDate: date, url: httpUrl }), (d) => ({
  subject: `${d.orgName} will be deleted on ${longDate(d.deletionDate)}`,
  preheader: `Cancel the deletion in Settings before ${longDate(d.deletionDate)} to keep it.`,
  heading: `${d.orgName} will be deleted on ${longDate(d.deletionDate)}`,
  paragraphs: [
    `Your organization ${d.orgName} will be deleted on ${longDate(d.deletionDate)}, as an owner asked. Its instance and its data ` +
      'are then removed for good, and so are the accounts that belong to no other organization. Invoices are kept, without names ' +
      'or addresses, as the law requires.',
    'To keep the organization, cancel the deletion in Settings before that date.',
  ],
  action: { label: 'Cancel the deletion in Settings', url: d.url },
}))
