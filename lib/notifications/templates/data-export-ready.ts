// An owner's data export is ready (lib/orgs/data-export-build.ts): where to download it, and until when.
import { z } from 'zod'
import { formatBytes, longDateTime } from '../../format'
import { defineTemplate } from '../engine/template'
import { date, httpUrl, text } from './fields'

export const dataExportReady = defineTemplate(
  z.object({ orgName: text(), url: httpUrl, expiresAt: date, sizeBytes: z.number().int().min(0) }),
  (d) => ({
    subject: `The data export of ${d.orgName} is ready`,
    preheader: `Download it before ${longDateTime(d.expiresAt)}.`,
    heading: 'Your data export is ready',
    paragraphs: [
      `The export you asked for holds the data of ${d.orgName}: the organization, its members and invitations, invoices, usage ` +
        'and audit log, as one JSON file.',
      `Download it from Settings while signed in as an owner. The link works until ${longDateTime(d.expiresAt)}; then the export ` +
        'is deleted.',
    ],
    details: [
      ['Size', formatBytes(d.sizeBytes)],
      ['Available until', longDateTime(d.expiresAt)],
    ],
    action: { label: 'Download the export', url: d.url },
  }),
)
