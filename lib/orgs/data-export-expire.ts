/**
 * The hourly cleanup of data exports (workflows/orgs/expire-data-exports.ts): an export past its expiry
 * loses its content (the chunks are deleted, the row stays as EXPIRED for the Settings page's history);
 * one whose build never finished within the export's lifetime is marked failed, its partial content deleted.
 */
import { now as clockNow } from '../clock'
import { db } from '../db'
import { EXPORT_TTL_DAYS } from './data-export-build'

const DAY = 86_400_000
const BATCH = 200

export async function expireDataExports(at: Date = clockNow()): Promise<{ expired: number; abandoned: number }> {
  const due = await db.dataExport.findMany({
    where: {
      OR: [
        { status: 'READY', expiresAt: { lte: at } },
        { status: { in: ['QUEUED', 'BUILDING'] }, createdAt: { lte: new Date(at.getTime() - EXPORT_TTL_DAYS * DAY) } },
      ],
    },
    select: { id: true, status: true },
    take: BATCH,
  })
  let expired = 0
  let abandoned = 0
  for (const row of due) {
    await db.$transaction(async (tx) => {
      await tx.dataExportChunk.deleteMany({ where: { exportId: row.id } })
      if (row.status === 'READY') {
        expired += (
          await tx.dataExport.updateMany({
            where: { id: row.id, status: 'READY' },
            data: { status: 'EXPIRED', contentDeletedAt: at, chunkCount: 0 },
          })
        ).count
      } else {
        abandoned += (
          await tx.dataExport.updateMany({
            where: { id: row.id, status: { in: ['QUEUED', 'BUILDING'] } },
            data: { status: 'FAILED', error: 'The export did not finish in time', contentDeletedAt: at, chunkCount: 0 },
          })
        ).count
      }
    })
  }
  return { expired, abandoned }
}
