// POST /api/admin/invoices/<id>/paid { reason } → billing `none`: the invoice recorded as paid, audited.
import { adminWriteRoute } from '@/app/_server/admin-route'
import { readJson } from '@/app/_server/route'
import { markInvoicePaid } from '@/lib/billing/mark-invoice-paid'

export const POST = adminWriteRoute<{ id: string }>('invoice.mark_paid', async (request, _ctx, actor, { id }) =>
  markInvoicePaid({ ...(await readJson(request)), invoiceId: id } as { invoiceId: string; reason: string }, actor),
)
