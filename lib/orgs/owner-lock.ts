/**
 * The last-owner rule: an organization always keeps at least one OWNER. Every change that can
 * take an owner away (demotion, removal, leaving) runs in a transaction that first locks the
 * organization's owner memberships with SELECT … FOR UPDATE, then decides on the locked set.
 *
 * Two owners demoting each other at once: the second transaction waits for the first one's lock;
 * when it gets it, PostgreSQL re-checks `role = 'OWNER'` on the row the first one changed and
 * leaves it out, so the second sees one owner and refuses. Rows are locked in id order, so two
 * such transactions cannot deadlock. (PGlite runs transactions one at a time; same outcome.)
 */
import type { Prisma } from '../db'
import { AppError } from '../errors/app-error'

export const LAST_OWNER_MESSAGES = {
  demote: 'An organization needs at least one owner: make another member an owner first',
  remove: 'The last owner cannot be removed: make another member an owner first',
  leave: 'You are the last owner: make another member an owner before leaving, or delete the organization',
} as const

/** Locks and returns the ids of the organization's owner memberships (inside `tx`). */
export async function lockOwnerMemberships(tx: Prisma.TransactionClient, orgId: string): Promise<string[]> {
  const rows = await tx.$queryRaw<{ id: string }[]>`
    SELECT "id" FROM "Membership"
    WHERE "orgId" = ${orgId} AND "role" = 'OWNER'::"MemberRole"
    ORDER BY "id"
    FOR UPDATE`
  return rows.map((row) => row.id)
}

/** Throws CONFLICT when taking `membershipId` away from the owners would leave none. */
export function assertAnotherOwner(ownerIds: readonly string[], membershipId: string, message: string): void {
  if (ownerIds.includes(membershipId) && ownerIds.length <= 1) throw new AppError('CONFLICT', message)
}
