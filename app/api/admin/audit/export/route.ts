// GET /api/admin/audit/export?action=&actor=&actorType=&tenantId=&orgId=&from=&to= → CSV of the
// matching entries (newest first, at most 100,000), streamed in batches. The filters are checked
// (a NUL in one is 422 on it) and the first batch is read before the answer starts, so a refusal
// or a failure is a status, never a 200 with a file cut after its header; a later batch failing
// aborts the transfer (the download fails, it does not look complete) and is logged.
import { NextResponse } from 'next/server'
import { adminReadRoute } from '@/app/_server/admin-route'
import { auditCsvHeader, auditCsvRows } from '@/lib/admin/audit-csv'
import { auditFilterInput, exportAudit } from '@/lib/admin/list-audit'
import { rejectNulInQuery } from '@/lib/errors/input'
import { log } from '@/lib/log/logger'

export const GET = adminReadRoute(async (request, ctx) => {
  rejectNulInQuery(request.url)
  const filter = auditFilterInput.parse(Object.fromEntries(new URL(request.url).searchParams))
  const encoder = new TextEncoder()
  const batches = exportAudit(filter)
  const first = await batches.next()
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(auditCsvHeader()))
      if (first.done) controller.close()
      else controller.enqueue(encoder.encode(auditCsvRows(first.value)))
    },
    async pull(controller) {
      try {
        const next = await batches.next()
        if (next.done) controller.close()
        else controller.enqueue(encoder.encode(auditCsvRows(next.value)))
      } catch (error) {
        log.error('audit export failed after its first batch: the transfer is aborted', { error, requestId: ctx.requestId })
        controller.error(error)
      }
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
