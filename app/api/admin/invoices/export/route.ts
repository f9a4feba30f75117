// GET /api/admin/invoices/export?from=YYYY-MM&to=YYYY-MM → finance CSV of the invoices (super-admins).
import { NextResponse } from 'next/server'
import { adminReadRoute } from '@/app/_server/admin-route'
import { exportInvoicesCsv } from '@/lib/billing/invoice-csv'
import { rejectNulInQuery } from '@/lib/errors/input'

export const GET = adminReadRoute(async (request) => {
  rejectNulInQuery(request.url)
  const csv = await exportInvoicesCsv(Object.fromEntries(new URL(request.url).searchParams))
  return new NextResponse(csv, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': 'attachment; filename="invoices.csv"',
      'cache-control': 'no-store',
    },
  })
})
