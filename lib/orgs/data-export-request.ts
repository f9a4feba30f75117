/**
 * An owner asks for the organization's data export (Settings → Data export). The export is built by a
 * job (orgs/data-export.requested → lib/orgs/data-export-build.ts), which emails the owner when it is
 * ready. One export is built at a time per organization, and at most DAILY_LIMIT are asked for a day.
 */
import { recordAudit } from '../audit/record-audit'
import { now as clockNow } from '../clock'
import { db } from '../db'
import { AppError } from '../errors/app-error'
import { auditRequest, type RequestMeta } from '../errors/input'
import { jobs } from '../jobs/jobs'
import { requireOrgRole } from './authorize'
import { can } from './roles'

export const DAILY_LIMIT = 5
const DAY = 86_400_000

export const EXPORT_OWNERS_ONLY = 'Only owners of this organization can export its data'

export async function requestDataExport(
  input: { orgId: string; userId: string },
  meta: RequestMeta & { now?: Date } = {},
): Promise<{ id: string; status: 'QUEUED' }> {
  const { membership } = await requireOrgRole({ orgId: input.orgId, userId: input.userId })
  if (!can(membership.role, 'own')) throw new AppError('FORBIDDEN', EXPORT_OWNERS_ONLY)
  const at = meta.now ?? clockNow()

  const created = await db.$transaction(async (tx) => {
    // One request at a time per organization: the checks below and the insert see the same rows.
    await tx.$queryRaw`SELECT 1 FROM "Organization" WHERE "id" = ${input.orgId} FOR UPDATE`
    const busy = await tx.dataExport.count({ where: { orgId: input.orgId, status: { in: ['QUEUED', 'BUILDING'] } } })
    if (busy) throw new AppError('CONFLICT', 'An export is being built already; you get an email when it is ready')
    const today = await tx.dataExport.count({ where: { orgId: input.orgId, createdAt: { gt: new Date(at.getTime() - DAY) } } })
    if (today >= DAILY_LIMIT)
      throw new AppError('RATE_LIMITED', `This organization asked for ${DAILY_LIMIT} exports in the last 24 hours. Try again tomorrow.`, {
        retryAfterSeconds: 3600,
      })
    const row = await tx.dataExport.create({
      data: { orgId: input.orgId, requestedById: input.userId, status: 'QUEUED', createdAt: at },
      select: { id: true },
    })
    await recordAudit(
      {
        action: 'org.data_export.requested',
        actorType: 'USER',
        actorUserId: input.userId,
        orgId: input.orgId,
        targetType: 'data_export',
        targetId: row.id,
        ...auditRequest(meta),
      },
      tx,
    )
    return row
  })
  await jobs.send({ name: 'orgs/data-export.requested', id: `data-export:${created.id}`, data: { exportId: created.id } })
  return { id: created.id, status: 'QUEUED' }
}
