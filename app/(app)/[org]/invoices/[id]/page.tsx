import type { Metadata } from 'next'
import Link from 'next/link'
import { notFound } from 'next/navigation'
import { requireOrgPage } from '@/app/_server/org'
import { isAppError } from '@/lib/errors/app-error'
import { getInvoice } from '@/lib/billing/list-invoices'
import { formatCents } from '@/lib/format'
import { PrintButton } from '@/components/billing/print-button'

export const metadata: Metadata = { title: 'Invoice' }
export const dynamic = 'force-dynamic'

const date = (iso: string | null) => (iso ? iso.slice(0, 10) : '—')

export default async function InvoicePage({ params }: { params: Promise<{ org: string; id: string }> }) {
  const { org: slug, id } = await params
  const { org } = await requireOrgPage(slug)
  const invoice = await getInvoice(org.id, id).catch((error) => {
    if (isAppError(error) && error.code === 'NOT_FOUND') notFound()
    throw error
  })
  const lastDay = new Date(new Date(invoice.periodEnd).getTime() - 1).toISOString()
  return (
    <article
      aria-label={`Invoice ${invoice.number}`}
      className="invoice mx-auto max-w-3xl rounded-lg bg-white p-10 shadow-sm ring-1 ring-slate-200 print:max-w-none print:p-0 print:shadow-none print:ring-0"
    >
      {/* Printing: only the invoice, no navigation, no banners, black on white, A4/Letter margins. */}
      <style>{`@media print { @page { margin: 18mm } body { background: white } header, nav, [data-testid="plan-summary"], [role="alert"], [role="status"] { display: none !important } }`}</style>
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
      <dl className="mb-8 grid grid-cols-2 gap-4 text-sm">
        <div>
          <dt className="text-slate-500">Billed to</dt>
          <dd className="font-medium">{invoice.orgName}</dd>
        </div>
        <div>
          <dt className="text-slate-500">Period</dt>
          <dd>
            {date(invoice.periodStart)} – {date(lastDay)}
          </dd>
        </div>
        <div>
          <dt className="text-slate-500">Issued</dt>
          <dd>{date(invoice.issuedAt)}</dd>
        </div>
        <div>
          <dt className="text-slate-500">{invoice.paidAt ? 'Paid' : 'Due'}</dt>
          <dd data-testid="invoice-status">
            {invoice.paidAt ? date(invoice.paidAt) : `${date(invoice.dueAt)} (${invoice.status.toLowerCase()})`}
          </dd>
        </div>
      </dl>
      <table className="w-full text-sm">
        <thead className="border-b border-slate-300 text-left text-slate-500">
          <tr>
            <th className="py-2 font-medium">Description</th>
            <th className="py-2 text-right font-medium">Quantity</th>
            <th className="py-2 text-right font-medium">Unit price</th>
            <th className="py-2 text-right font-medium">Amount</th>
          </tr>
        </thead>
        <tbody>
          {invoice.lines.map((l) => (
            <tr key={l.position} className="border-b border-slate-100 break-inside-avoid">
              <td className="py-2">{l.description}</td>
              <td className="py-2 text-right tabular-nums">
                {Number(l.quantity).toLocaleString('en-US', { maximumFractionDigits: 6 })} {l.unit}
              </td>
              <td className="py-2 text-right tabular-nums">
                {Number(l.unitPriceCents) / 100 >= 0.01 ? `$${(Number(l.unitPriceCents) / 100).toFixed(2)}` : `${l.unitPriceCents}¢`}
              </td>
              <td className="py-2 text-right tabular-nums">{formatCents(l.amountCents, invoice.currency)}</td>
            </tr>
          ))}
        </tbody>
        <tfoot className="tabular-nums">
          <tr>
            <td colSpan={3} className="pt-4 text-right text-slate-500">
              Subtotal
            </td>
            <td className="pt-4 text-right">{formatCents(invoice.subtotalCents, invoice.currency)}</td>
          </tr>
          <tr>
            <td colSpan={3} className="text-right text-slate-500">
              Tax ({invoice.taxRateBps / 100}%)
            </td>
            <td className="text-right">{formatCents(invoice.taxCents, invoice.currency)}</td>
          </tr>
          <tr className="font-semibold">
            <td colSpan={3} className="pt-2 text-right">
              Total
            </td>
            <td data-testid="invoice-total" className="pt-2 text-right">
              {formatCents(invoice.totalCents, invoice.currency)}
            </td>
          </tr>
        </tfoot>
      </table>
    </article>
  )
}
