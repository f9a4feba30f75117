/** The organization's data exports for its Settings page (owners only), newest first, with what each allows. */
import { now as clockNow } from '../clock'
import { db, type DataExportStatus } from '../db'
import { AppError } from '../errors/app-error'
import { requireOrgRole } from './authorize'
import { EXPORT_OWNERS_ONLY } from './data-export-request'
import { can } from './roles'

export interface DataExportView {
  id: string
  status: DataExportStatus
  createdAt: Date
  readyAt: Date | null
  expiresAt: Date | null
  sizeBytes: number | null
  requestedBy: string | null
  error: string | null
  /** Ready and not expired: the page links the download. */
  isDownloadable: boolean
  downloadPath: string
}

export async function listDataExports(input: { orgId: string; userId: string }, at: Date = clockNow()): Promise<DataExportView[]> {
  const { org, membership } = await requireOrgRole({ orgId: input.orgId, userId: input.userId })
  if (!can(membership.role, 'own')) throw new AppError('FORBIDDEN', EXPORT_OWNERS_ONLY)
  const rows = await db.dataExport.findMany({
    where: { orgId: input.orgId },
    orderBy: { createdAt: 'desc' },
    take: 20,
    select: {
      id: true,
      status: true,
      createdAt: true,
      readyAt: true,
      expiresAt: true,
      sizeBytes: true,
      error: true,
      requestedBy: { select: { name: true, email: true } },
    },
  })
  return rows.map(({ requestedBy, ...row }) => {
    const isExpired = row.status === 'EXPIRED' || (row.expiresAt !== null && row.expiresAt.getTime() <= at.getTime())
    return {
      ...row,
      status: isExpired ? 'EXPIRED' : row.status,
      requestedBy: requestedBy ? requestedBy.name || requestedBy.email : null,
      isDownloadable: row.status === 'READY' && !isExpired,
      downloadPath: `/api/orgs/${org.slug}/exports/${row.id}`,
    }
  })
}
