import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { requireOrgPage } from '@/app/_server/org'
import { isAppError } from '@/lib/errors/app-error'
import { getInvoice, type InvoiceDetail } from '@/lib/billing/list-invoices'
import { formatCents, formatNumber, formatRateCents, isoDay } from '@/lib/format'
import { DescriptionList } from '@/components/ui/description-list'
import { Table, type Column } from '@/components/ui/table'
import { PrintButton } from '@/components/billing/print-button'

export const metadata: Metadata = { title: 'Invoice' }
export const dynamic = 'force-dynamic'

const ARTICLE_CLASS =
  'invoice mx-auto max-w-3xl rounded-lg bg-white p-10 shadow-sm ring-1 ring-slate-200 ' +
  'print:max-w-none print:p-0 print:shadow-none print:ring-0'
const PRINT_CSS =
  '@media print { @page { margin: 18mm } body { background: white } ' +
  'header, nav, [data-testid="plan-summary"], [role="alert"], [role="status"] { display: none !important } }'

const date = (iso: string | null) => (iso ? isoDay(iso) : '—')

type Line = InvoiceDetail['lines'][number]

const LINE_COLUMNS = (currency: string): Column<Line>[] => [
  { key: 'description', header: 'Description', className: 'py-2', cell: (l) => l.description },
  {
    key: 'quantity',
    header: 'Quantity',
    align: 'right',
    className: 'py-2 tabular-nums',
    cell: (l) => `${formatNumber(Number(l.quantity), 6)} ${l.unit}`,
  },
  {
    key: 'unit-price',
    header: 'Unit price',
    align: 'right',
    className: 'py-2 tabular-nums',
    cell: (l) => formatRateCents(l.unitPriceCents),
  },
  {
    key: 'amount',
    header: 'Amount',
    align: 'right',
    className: 'py-2 tabular-nums',
    cell: (l) => formatCents(l.amountCents, currency),
  },
]

export default async function InvoicePage({ params }: { params: Promise<{ org: string; id: string }> }) {
  const { org: slug, id } = await params
  const { org } = await requireOrgPage(slug)
  const invoice = await getInvoice(org.id, id).catch((error) => {
    if (isAppError(error) && error.code === 'NOT_FOUND') notFound()
    throw error
  })
  const lastDay = new Date(new Date(invoice.periodEnd).getTime() - 1).toISOString()
  return (
    <article aria-label={`Invoice ${invoice.number}`} className={ARTICLE_CLASS}>
      {/* Printing: only the invoice, no navigation, no banners, black on white, A4/Letter margins. */}
      <style>{PRINT_CSS}</style>
      <div className="mb-8 flex items-start justify-between">
        <div>
          <h1 className="text-2xl font-semibold">Invoice</h1>
          <p data-testid="invoice-number" className="font-mono text-sm">
            {invoice.number}
          </p>
        </div>
        <div className="flex gap-3 print:hidden">
          <Link href={`/${org.slug}/invoices`} className="rounded-md px-4 py-2 text-sm font-semibold ring-1 ring-slate-300">
            All invoices
          </Link>
          <PrintButton />
        </div>
      </div>
      <DescriptionList
        layout="grid"
        columns={2}
        className="mb-8"
        items={[
          { label: 'Billed to', value: <span className="font-medium">{invoice.orgName}</span> },
          { label: 'Period', value: `${date(invoice.periodStart)} – ${date(lastDay)}` },
          { label: 'Issued', value: date(invoice.issuedAt) },
          {
            key: 'settled',
            label: invoice.paidAt ? 'Paid' : 'Due',
            value: invoice.paidAt ? date(invoice.paidAt) : `${date(invoice.dueAt)} (${invoice.status.toLowerCase()})`,
            testId: 'invoice-status',
          },
        ]}
      />
      <Table
        caption="Invoice lines"
        variant="plain"
        columns={LINE_COLUMNS(invoice.currency)}
        rows={invoice.lines}
        rowKey={(l) => String(l.position)}
        rowClassName="break-inside-avoid"
        footer={
          <>
            <tr>
              <td colSpan={3} className="pt-4 text-right text-slate-500">
                Subtotal
              </td>
              <td className="pt-4 text-right tabular-nums">{formatCents(invoice.subtotalCents, invoice.currency)}</td>
            </tr>
            <tr>
              <td colSpan={3} className="text-right text-slate-500">
                Tax ({invoice.taxRateBps / 100}%)
              </td>
              <td className="text-right tabular-nums">{formatCents(invoice.taxCents, invoice.currency)}</td>
            </tr>
            <tr className="font-semibold">
              <td colSpan={3} className="pt-2 text-right">
                Total
              </td>
              <td data-testid="invoice-total" className="pt-2 text-right tabular-nums">
                {formatCents(invoice.totalCents, invoice.currency)}
              </td>
            </tr>
          </>
        }
      />
    </article>
  )
}
