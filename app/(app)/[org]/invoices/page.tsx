import type { Metadata } from 'next'
import Link from 'next/link'
import { requireOrgPage } from '@/app/_server/org'
import { StatusBadge } from '@/components/ui/status-badge'
import { Table, type Column } from '@/components/ui/table'
import { listInvoices, type InvoiceSummary } from '@/lib/billing/list-invoices'
import { formatCents, isoMinute, monthYear } from '@/lib/format'
import { estimateMonthCost } from '@/lib/metering/estimate-month-cost'

export const metadata: Metadata = { title: 'Invoices' }
export const dynamic = 'force-dynamic'

const columns = (orgSlug: string): Column<InvoiceSummary>[] => [
  {
    key: 'number',
    header: 'Number',
    className: 'font-mono',
    cell: (i) => (
      <Link href={`/${orgSlug}/invoices/${i.id}`} className="text-brand-600 hover:underline">
        {i.number}
      </Link>
    ),
  },
  { key: 'period', header: 'Period', cell: (i) => monthYear(i.periodStart) },
  { key: 'status', header: 'Status', cell: (i) => <StatusBadge kind="invoice" status={i.status} /> },
  { key: 'total', header: 'Total', align: 'right', className: 'tabular-nums', cell: (i) => formatCents(i.totalCents, i.currency) },
]

export default async function InvoicesPage({ params }: { params: Promise<{ org: string }> }) {
  const { org: slug } = await params
  const { org } = await requireOrgPage(slug)
  const [invoices, estimate] = await Promise.all([listInvoices(org.id), estimateMonthCost({ orgId: org.id })])
  return (
    <div className="max-w-4xl space-y-6">
      <h1 className="text-2xl font-semibold">Invoices</h1>
      {estimate && (
        <section aria-label="This month so far" className="rounded-lg bg-white p-5 shadow-sm ring-1 ring-slate-200">
          <h2 className="text-sm font-medium text-slate-500">This month so far (estimate)</h2>
          <p data-testid="month-to-date" className="mt-1 text-2xl font-semibold">
            {formatCents(estimate.totalCents)}
          </p>
          <p className="text-xs text-slate-500">
            {estimate.planName} plan, usage beyond the included amounts and {estimate.taxRateBps / 100}% tax, as of{' '}
            {isoMinute(estimate.asOf)} UTC.
          </p>
        </section>
      )}
      <Table
        caption="Invoices, newest first"
        columns={columns(org.slug)}
        rows={invoices}
        rowKey={(i) => i.id}
        empty="No invoices yet. Invoices are issued on the 1st of each month for the month before."
        emptyWithoutTable
      />
    </div>
  )
}
