/** The organization's invoices (the ledger tenants see), scoped by organization in every query. */
import { db } from '../db'
import { AppError } from '../errors/app-error'

export interface InvoiceSummary {
  id: string
  number: string
  periodStart: string
  periodEnd: string
  status: string
  totalCents: number
  currency: string
  issuedAt: string | null
  dueAt: string | null
  paidAt: string | null
}

export interface InvoiceDetail extends InvoiceSummary {
  orgName: string
  subtotalCents: number
  taxRateBps: number
  taxCents: number
  lines: {
    position: number
    kind: string
    description: string
    quantity: string
    unit: string
    unitPriceCents: string
    amountCents: number
  }[]
}

const summary = (i: {
  id: string
  number: string
  periodStart: Date
  periodEnd: Date
  status: string
  totalCents: number
  currency: string
  issuedAt: Date | null
  dueAt: Date | null
  paidAt: Date | null
}): InvoiceSummary => ({
  id: i.id,
  number: i.number,
  periodStart: i.periodStart.toISOString(),
  periodEnd: i.periodEnd.toISOString(),
  status: i.status,
  totalCents: i.totalCents,
  currency: i.currency,
  issuedAt: i.issuedAt?.toISOString() ?? null,
  dueAt: i.dueAt?.toISOString() ?? null,
  paidAt: i.paidAt?.toISOString() ?? null,
})

/** Scoped by an organization id the caller has already authorized. */
export async function listInvoices(orgId: string, options: { take?: number } = {}): Promise<InvoiceSummary[]> {
  const rows = await db.invoice.findMany({
    where: { orgId, status: { not: 'DRAFT' } },
    orderBy: { periodStart: 'desc' },
    take: options.take ?? 120,
  })
  return rows.map(summary)
}

/** One invoice of the organization; another organization's invoice is NOT_FOUND. */
export async function getInvoice(orgId: string, invoiceId: string): Promise<InvoiceDetail> {
  const row = await db.invoice.findFirst({
    where: { id: invoiceId, orgId, status: { not: 'DRAFT' } },
    include: { lines: { orderBy: { position: 'asc' } }, org: { select: { name: true } } },
  })
  if (!row) throw new AppError('NOT_FOUND', 'Invoice not found')
  return {
    ...summary(row),
    orgName: row.org.name,
    subtotalCents: row.subtotalCents,
    taxRateBps: row.taxRateBps,
    taxCents: row.taxCents,
    lines: row.lines.map((l) => ({
      position: l.position,
      kind: l.kind,
      description: l.description,
      quantity: l.quantity.toString(),
      unit: l.unit,
      unitPriceCents: l.unitPriceCents.toString(),
      amountCents: l.amountCents,
    })),
  }
}
