/**
 * Deleting an organization, with a retention window and undo. An owner asks for deletion by
 * typing the slug; the organization is then scheduled for deletion RETENTION_DAYS later and can
 * be restored by an owner until the purge (workflows/orgs/purge-organization.ts) removes it. Asking again while a
 * deletion is scheduled keeps the original date: the clock never restarts.
 */
import { now as clockNow } from '../clock'
import { db } from '../db'
import { recordAudit } from '../audit/record-audit'
import { AppError } from '../errors/app-error'
import { requireOrgRole } from './authorize'
import { auditRequest, fieldError, type RequestMeta } from '../errors/input'
import { rolesWith } from './roles'

export const RETENTION_DAYS = 30

export interface DeletionSchedule {
  id: string
  slug: string
  deletionRequestedAt: Date | null
  deletionScheduledFor: Date | null
}

export function confirmationMessage(slug: string): string {
  return `Type ${slug} to confirm`
}

const scheduleSelect = { id: true, slug: true, deletionRequestedAt: true, deletionScheduledFor: true } as const

export async function requestOrganizationDeletion(
  input: { orgId: string; userId: string; confirmation: string },
  meta?: RequestMeta,
): Promise<DeletionSchedule> {
  const { org } = await requireOrgRole({ orgId: input.orgId, userId: input.userId, roles: rolesWith('own') })
  if (input.confirmation !== org.slug) throw fieldError('confirmation', confirmationMessage(org.slug))

  return db.$transaction(async (tx) => {
    // A business date: the billing clock's (lib/clock.ts), which the purge will read too.
    const now = clockNow()
    const scheduledFor = new Date(now.getTime() + RETENTION_DAYS * 86_400_000)
    const { count } = await tx.organization.updateMany({
      where: { id: org.id, deletionScheduledFor: null },
      data: { deletionRequestedAt: now, deletionScheduledFor: scheduledFor },
    })
    const schedule = await tx.organization.findUniqueOrThrow({ where: { id: org.id }, select: scheduleSelect })
    if (count === 0) return schedule
    await recordAudit(
      {
        action: 'org.deletion.requested',
        actorType: 'USER',
        actorUserId: input.userId,
        orgId: org.id,
        targetType: 'organization',
        targetId: org.id,
        before: { deletionScheduledFor: null },
        after: { deletionRequestedAt: now.toISOString(), deletionScheduledFor: scheduledFor.toISOString() },
        ...auditRequest(meta),
      },
      tx,
    )
    return schedule
  })
}

export async function cancelOrganizationDeletion(input: { orgId: string; userId: string }, meta?: RequestMeta): Promise<DeletionSchedule> {
  const { org } = await requireOrgRole({ orgId: input.orgId, userId: input.userId, roles: rolesWith('own') })

  return db.$transaction(async (tx) => {
    const [before] = await tx.$queryRaw<{ deletionRequestedAt: Date | null; deletionScheduledFor: Date | null }[]>`
      SELECT "deletionRequestedAt", "deletionScheduledFor" FROM "Organization" WHERE "id" = ${org.id} FOR UPDATE`
    if (!before?.deletionScheduledFor) throw new AppError('CONFLICT', 'No deletion is scheduled for this organization')
    const schedule = await tx.organization.update({
      where: { id: org.id },
      data: { deletionRequestedAt: null, deletionScheduledFor: null },
      select: scheduleSelect,
    })
    await recordAudit(
      {
        action: 'org.deletion.canceled',
        actorType: 'USER',
        actorUserId: input.userId,
        orgId: org.id,
        targetType: 'organization',
        targetId: org.id,
        before: {
          deletionRequestedAt: before.deletionRequestedAt?.toISOString() ?? null,
          deletionScheduledFor: before.deletionScheduledFor.toISOString(),
        },
        after: { deletionScheduledFor: null },
        ...auditRequest(meta),
      },
      tx,
    )
    return schedule
  })
}
