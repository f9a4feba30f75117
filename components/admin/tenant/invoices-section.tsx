// The console tenant page: the organization's invoices, an open one paid outside Stripe marked paid here.
import { markInvoicePaidAction } from '@/app/_actions/admin/mark-invoice-paid'
import { AdminActionButton } from '@/components/admin/admin-action-button'
import { Section } from '@/components/ui/section'
import { Table, type Column } from '@/components/ui/table'
import type { TenantDetail } from '@/lib/admin/get-tenant-detail'
import { markPaidRefusal } from '@/lib/billing/mark-invoice-paid'
import { formatMoney } from '@/lib/format'

type Invoice = TenantDetail['invoices'][number]

const COLUMNS: Column<Invoice>[] = [
  { key: 'number', header: 'Number', cell: (i) => i.number },
  { key: 'period', header: 'Period', cell: (i) => i.periodStart.slice(0, 7) },
  { key: 'status', header: 'Status', cell: (i) => i.status.toLowerCase() },
  { key: 'total', header: 'Total', align: 'right', cell: (i) => formatMoney(i.totalCents, i.currency) },
  {
    key: 'actions',
    header: <span className="sr-only">Actions</span>,
    className: 'pl-3',
    cell: (i) =>
      markPaidRefusal(i) === null && (
        <AdminActionButton
          label="Mark paid"
          title={`Mark ${i.number} paid`}
          description="Records a payment received outside Stripe (bank transfer, cheque). Stripe-collected invoices follow Stripe."
          action={markInvoicePaidAction}
          hidden={{ invoiceId: i.id }}
          confirmLabel="Mark paid"
        />
      ),
  },
]

export function InvoicesSection({ invoices }: Pick<TenantDetail, 'invoices'>) {
  return (
    <Section title="Invoices">
      <Table
        caption="Invoices, newest first"
        variant="plain"
        columns={COLUMNS}
        rows={invoices}
        rowKey={(i) => i.id}
        empty="No invoices."
        emptyWithoutTable
      />
    </Section>
  )
}
