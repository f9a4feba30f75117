// GET /api/admin/audit/export?action=&actor=&actorType=&tenantId=&orgId=&from=&to= → CSV of the
// matching entries (newest first, at most 100,000), streamed in batches.
import { NextResponse } from 'next/server'
import { adminReadRoute } from '@/app/_server/admin-route'
import { auditCsvHeader, auditCsvRows } from '@/lib/admin/audit-csv'
import { auditFilterInput, exportAudit } from '@/lib/admin/list-audit'

export const GET = adminReadRoute(async (request) => {
  const filter = auditFilterInput.parse(Object.fromEntries(new URL(request.url).searchParams))
  const encoder = new TextEncoder()
  const batches = exportAudit(filter)
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(auditCsvHeader()))
    },
    async pull(controller) {
      const next = await batches.next()
      if (next.done) controller.close()
      else controller.enqueue(encoder.encode(auditCsvRows(next.value)))
    },
  })
  const stamp = new Date().toISOString().slice(0, 19).replace(/[:T]/g, '-')
  return new NextResponse(body, {
    headers: {
      'content-type': 'text/csv; charset=utf-8',
      'content-disposition': `attachment; filename="audit-${stamp}.csv"`,
      'cache-control': 'no-store',
    },
  })
})
