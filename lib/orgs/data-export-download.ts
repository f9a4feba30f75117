/**
 * The download of an owner's data export (GET /api/orgs/<slug>/exports/<id>): only an owner of the
 * organization, and only while the export is ready and not expired. Anyone else learns nothing: a
 * member who is not an owner gets the same NOT_FOUND as for an export that does not exist (a member of
 * another organization never reaches this, the route's membership check answers 404 first). An expired
 * export is GONE. The JSON is streamed chunk by chunk (each read and decompressed when the client asks
 * for it), so memory stays bounded; every download is audited.
 */
import { AsyncLocalStorage } from 'node:async_hooks'
import zlib from 'node:zlib'
import { recordAudit } from '../audit/record-audit'
import { now as clockNow } from '../clock'
import { db } from '../db'
import { AppError } from '../errors/app-error'
import { auditRequest, type RequestMeta } from '../errors/input'
import { isoDay } from '../format'
import { requireOrgRole } from './authorize'
import { can } from './roles'

export const EXPORT_NOT_FOUND = 'Export not found'
export const EXPORT_EXPIRED = 'This export has expired and was deleted. Ask for a new one in Settings.'

export interface ExportDownload {
  fileName: string
  sizeBytes: number
  body: ReadableStream<Uint8Array>
}

export async function openDataExport(
  input: { orgId: string; userId: string; exportId: string },
  meta: RequestMeta & { now?: Date } = {},
): Promise<ExportDownload> {
  const { org, membership } = await requireOrgRole({ orgId: input.orgId, userId: input.userId })
  if (!can(membership.role, 'own')) throw new AppError('NOT_FOUND', EXPORT_NOT_FOUND)
  const row = await db.dataExport.findFirst({
    where: { id: input.exportId, orgId: input.orgId },
    select: { id: true, status: true, expiresAt: true, readyAt: true, sizeBytes: true, chunkCount: true },
  })
  if (!row) throw new AppError('NOT_FOUND', EXPORT_NOT_FOUND)
  const at = meta.now ?? clockNow()
  if (row.status === 'EXPIRED' || (row.expiresAt && row.expiresAt.getTime() <= at.getTime())) throw new AppError('GONE', EXPORT_EXPIRED)
  if (row.status !== 'READY' || row.sizeBytes === null) throw new AppError('CONFLICT', 'This export is not ready yet')
  await recordAudit({
    action: 'org.data_export.downloaded',
    actorType: 'USER',
    actorUserId: input.userId,
    orgId: input.orgId,
    targetType: 'data_export',
    targetId: row.id,
    ...auditRequest(meta),
  })

  // The chunks are read after the route has answered: in the same context (the request's database scope).
  const inContext = AsyncLocalStorage.snapshot()
  const { id: exportId, chunkCount } = row
  let seq = 0
  const body = new ReadableStream<Uint8Array>({
    async pull(controller) {
      if (seq >= chunkCount) return controller.close()
      // Awaited inside: Prisma's query runs when awaited, which must happen in that context.
      const chunk = await inContext(
        async () => await db.dataExportChunk.findUnique({ where: { exportId_seq: { exportId, seq } }, select: { data: true } }),
      )
      if (!chunk) return controller.error(new Error(`Chunk ${seq} of export ${exportId} is gone`))
      seq++
      controller.enqueue(new Uint8Array(zlib.gunzipSync(chunk.data)))
    },
  })
  return { fileName: `${org.slug}-export-${isoDay(row.readyAt ?? at)}.json`, sizeBytes: row.sizeBytes, body }
}
