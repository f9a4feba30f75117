// GET /api/orgs/<slug>/exports/<id> → an owner's data export as a JSON download, streamed (owners of
// that organization only: anyone else gets 404; an expired export 410). Never cached.
import { NextResponse } from 'next/server'
import { orgRoute } from '@/app/_server/org-route'
import { openDataExport } from '@/lib/orgs/data-export-download'

export const dynamic = 'force-dynamic'

export const GET = orgRoute<{ org: string; id: string }>(async (_request, ctx, { org, user }, { id }) => {
  const { fileName, sizeBytes, body } = await openDataExport({ orgId: org.id, userId: user.id, exportId: id }, ctx)
  return new NextResponse(body, {
    headers: {
      'content-type': 'application/json; charset=utf-8',
      'content-length': String(sizeBytes),
      'content-disposition': `attachment; filename="${fileName}"`,
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  })
})
