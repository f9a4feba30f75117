import type { Metadata } from 'next'
import Link from 'next/link'
import { requireOrgPage } from '@/app/_server/org'
import { listInvoices } from '@/lib/billing/list-invoices'
import { formatCents } from '@/lib/format'
import { estimateMonthCost } from '@/lib/metering/estimate-month-cost'

export const metadata: Metadata = { title: 'Invoices' }
export const dynamic = 'force-dynamic'

const STATUS: Record<string, string> = { OPEN: 'Open', PAID: 'Paid', VOID: 'Void', UNCOLLECTIBLE: 'Uncollectible' }
const month = (iso: string) => new Date(iso).toLocaleDateString('en-US', { month: 'long', year: 'numeric', timeZone: 'UTC' })

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
            {estimate.asOf.slice(0, 16).replace('T', ' ')} UTC.
          </p>
        </section>
      )}
      {invoices.length === 0 ? (
        <p className="text-sm text-slate-600">No invoices yet. Invoices are issued on the 1st of each month for the month before.</p>
      ) : (
        <table className="w-full bg-white text-sm shadow-sm ring-1 ring-slate-200">
          <thead className="bg-slate-50 text-left text-slate-500">
            <tr>
              <th className="px-4 py-2 font-medium">Number</th>
              <th className="px-4 py-2 font-medium">Period</th>
              <th className="px-4 py-2 font-medium">Status</th>
              <th className="px-4 py-2 text-right font-medium">Total</th>
            </tr>
          </thead>
          <tbody>
            {invoices.map((i) => (
              <tr key={i.id} className="border-t border-slate-100">
                <td className="px-4 py-2 font-mono">
                  <Link href={`/${org.slug}/invoices/${i.id}`} className="text-brand-600 hover:underline">
                    {i.number}
                  </Link>
                </td>
                <td className="px-4 py-2">{month(i.periodStart)}</td>
                <td className="px-4 py-2">{STATUS[i.status] ?? i.status}</td>
                <td className="px-4 py-2 text-right tabular-nums">{formatCents(i.totalCents, i.currency)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  )
}
