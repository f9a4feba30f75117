/**
 * The hourly pass over scheduled deletions (workflows/orgs/sweep-deletions.ts), on the billing clock
 * that scheduled them (lib/clock.ts):
 * - a week before the date, the owners are emailed once ("will be deleted on <date>; cancel the
 *   deletion in Settings"); `deletionNoticeFor` remembers the date emailed about, so a deletion
 *   cancelled and asked again (a new date) is emailed again;
 * - once the date has passed, the organization's purge is asked for (orgs/purge.requested, one run per
 *   organization: lib/orgs/purge-organization.ts). A cancelled deletion has no date and is not purged.
 * A few indexed queries a pass, at most BATCH organizations of each kind.
 */
import { now as clockNow } from '../clock'
import { db } from '../db'
import { getEnv } from '../env'
import { jobs } from '../jobs/jobs'

export const NOTICE_DAYS = 7
const DAY = 86_400_000
const BATCH = 500

export interface DeletionSweep {
  notices: number
  purges: number
}

export async function sweepOrganizationDeletions(at: Date = clockNow()): Promise<DeletionSweep> {
  return { notices: await sendDeletionNotices(at), purges: await requestDuePurges(at) }
}

/** The owners' email a week before; returns the number of organizations emailed. */
async function sendDeletionNotices(at: Date): Promise<number> {
  const due = await db.$queryRaw<{ id: string; name: string; slug: string; deletionScheduledFor: Date }[]>`
    SELECT "id", "name", "slug", "deletionScheduledFor" FROM "Organization"
    WHERE "deletionScheduledFor" > ${at} AND "deletionScheduledFor" <= ${new Date(at.getTime() + NOTICE_DAYS * DAY)}
      AND "purgeStartedAt" IS NULL AND "deletionNoticeFor" IS DISTINCT FROM "deletionScheduledFor"
    ORDER BY "deletionScheduledFor" LIMIT ${BATCH}`
  let emailed = 0
  for (const org of due) {
    const owners = await db.membership.findMany({
      where: { orgId: org.id, role: 'OWNER' },
      select: { user: { select: { id: true, email: true } } },
    })
    const url = `${getEnv().appUrl}/${org.slug}/settings#danger`
    for (const { user } of owners) {
      // Sent before the mark: a crash in between sends again with the same key, which the outbox keeps once.
      const key = `org-deletion-notice:${org.id}:${org.deletionScheduledFor.getTime()}:${user.id}`
      await jobs.send({
        name: 'notifications/email.requested',
        id: key,
        data: {
          template: 'organization-deletion-notice',
          to: user.email,
          userId: user.id,
          orgId: org.id,
          dedupeKey: key,
          data: { orgName: org.name, deletionDate: org.deletionScheduledFor.toISOString(), url },
        },
      })
    }
    const { count } = await db.organization.updateMany({
      where: { id: org.id, deletionScheduledFor: org.deletionScheduledFor },
      data: { deletionNoticeFor: org.deletionScheduledFor },
    })
    emailed += count
  }
  return emailed
}

/** Asks for the purge of every organization past its date and not purged yet (a purge that stopped is asked again). */
async function requestDuePurges(at: Date): Promise<number> {
  const due = await db.organization.findMany({
    where: { deletionScheduledFor: { lte: at }, purgedAt: null },
    select: { id: true },
    orderBy: { deletionScheduledFor: 'asc' },
    take: BATCH,
  })
  if (due.length)
    await jobs.send(due.map((org) => ({ name: 'orgs/purge.requested' as const, id: `org-purge:${org.id}`, data: { orgId: org.id } })))
  return due.length
}
