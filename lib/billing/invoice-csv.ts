/**
 * The finance export for super-admins: one row per invoice of a period range. Amounts are integer
 * cents and decimal dollars; a cell that a spreadsheet would run as a formula (starting with
 * = + - @, tab or carriage return) is prefixed with a single quote.
 */
import { z } from 'zod'
import { db } from '../db'

export const invoiceExportInput = z.object({
  from: z
    .string()
    .regex(/^\d{4}-\d{2}$/, 'A month like 2026-01')
    .optional(),
  to: z
    .string()
    .regex(/^\d{4}-\d{2}$/, 'A month like 2026-12')
    .optional(),
})

export const INVOICE_CSV_COLUMNS = [
  'number',
  'organization',
  'org_slug',
  'period_start',
  'period_end',
  'status',
  'currency',
  'subtotal_cents',
  'tax_rate_bps',
  'tax_cents',
  'total_cents',
  'total',
  'issued_at',
  'due_at',
  'paid_at',
  'stripe_invoice_id',
] as const

export function csvCell(value: unknown): string {
  let text = value === null || value === undefined ? '' : value instanceof Date ? value.toISOString() : String(value)
  if (/^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) || text !== text.trim() ? `"${text.replace(/"/g, '""')}"` : text
}

const month = (text: string, offset = 0) => new Date(Date.UTC(Number(text.slice(0, 4)), Number(text.slice(5, 7)) - 1 + offset, 1))

export async function exportInvoicesCsv(raw: z.input<typeof invoiceExportInput>): Promise<string> {
  const input = invoiceExportInput.parse(raw)
  const rows = await db.invoice.findMany({
    where: {
      periodStart: { ...(input.from ? { gte: month(input.from) } : {}), ...(input.to ? { lt: month(input.to, 1) } : {}) },
      status: { not: 'DRAFT' },
    },
    orderBy: [{ periodStart: 'asc' }, { number: 'asc' }],
    include: { org: { select: { name: true, slug: true } } },
  })
  const lines = rows.map((r) =>
    [
      r.number,
      r.org.name,
      r.org.slug,
      r.periodStart,
      r.periodEnd,
      r.status,
      r.currency,
      r.subtotalCents,
      r.taxRateBps,
      r.taxCents,
      r.totalCents,
      (r.totalCents / 100).toFixed(2),
      r.issuedAt,
      r.dueAt,
      r.paidAt,
      r.stripeInvoiceId,
    ]
      .map(csvCell)
      .join(','),
  )
  return [INVOICE_CSV_COLUMNS.join(','), ...lines].join('\r\n') + '\r\n'
}
