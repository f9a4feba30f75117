/**
 * The purge of an organization whose deletion date has passed (RETENTION_DAYS after an owner asked),
 * in four steps that workflows/orgs/purge-organization.ts runs in order. Each step is idempotent: a
 * crash, a retry or a second run resumes where the last one stopped and repeats nothing.
 *
 *  1. removePeople — one transaction, the organization's row locked (cancelOrganizationDeletion locks
 *     it too, so one of the two wins): still scheduled and due, else nothing happens. Then the accounts
 *     that belong to no other organization (never a super-admin) go, with their sessions, OAuth accounts,
 *     tokens and recovery codes; the memberships, invitations and data exports go; the emails and job
 *     payloads naming them go; the audit entries keep their action and time, not who, from where or what;
 *     the name becomes "Deleted organization" and the billing email goes. From here on nobody can cancel:
 *     no owner is left.
 *  2. endSubscription — Stripe's subscription cancelled now through the port (billing `stripe`), or ours
 *     marked cancelled (billing `none`): nothing is charged or invoiced for the organization any more.
 *  3. deprovisionInstances — each instance through the tenant deprovision workflow; repeated (the
 *     workflow waits) until every one is DEPROVISIONED.
 *  4. finishPurge — the instances' rows with their usage samples, provisioning runs and storage alerts,
 *     their jobs, what arrived for the organization since step 1; purgedAt; the audit entry
 *     "organization.purged" with the counts.
 *
 * The Organization row stays as a tombstone (docs/decisions.md): its invoices, kept for accounting,
 * cascade from it, and its slug, which their numbers carry (INV-<SLUG>-<YYYYMM>), stays taken.
 */
import { recordAudit } from '../audit/record-audit'
import { syncStripeSubscription } from '../billing/sync-stripe-subscription'
import { recordPlanPeriod } from '../billing/record-plan-period'
import { now as clockNow } from '../clock'
import { db, type Prisma } from '../db'
import { jobs } from '../jobs/jobs'
import { log } from '../log/logger'
import { isAllowed } from '../provisioning/lifecycle'
import type { StripePort } from '../stripe/port'

export const PURGED_ORGANIZATION_NAME = 'Deleted organization'
export const PURGE_STARTED_ACTION = 'organization.purge.started'
export const PURGED_ACTION = 'organization.purged'

const EMAIL_EVENT = 'notifications/email.requested'
const TX = { timeout: 300_000, maxWait: 30_000 }

type Tx = Prisma.TransactionClient

/** Jobs that name the organization's people or instances are still executing: the step runs again later. */
export class PurgeBusyError extends Error {
  constructor(what: string) {
    super(`Purge waits: ${what} still running`)
    this.name = 'PurgeBusyError'
  }
}

export interface PeopleCounts {
  users: number
  usersKept: number
  sessions: number
  oauthAccounts: number
  memberships: number
  invitations: number
  dataExports: number
  emails: number
  jobRuns: number
  auditEntries: number
}

export type PurgeStart =
  | { status: 'canceled' | 'not-due' | 'purged' | 'missing' }
  /** resumed: step 1 had already committed (its counts are in the organization.purge.started entry). */
  | { status: 'started'; resumed: boolean; counts: PeopleCounts }

interface OrgState {
  deletionScheduledFor: Date | null
  purgeStartedAt: Date | null
  purgedAt: Date | null
}

async function lockOrganization(tx: Tx, orgId: string): Promise<OrgState | undefined> {
  const [org] = await tx.$queryRaw<OrgState[]>`
    SELECT "deletionScheduledFor", "purgeStartedAt", "purgedAt" FROM "Organization" WHERE "id" = ${orgId} FOR UPDATE`
  return org
}

/** Step 1. `at` is the billing clock's now (lib/clock.ts), which scheduled the deletion. */
export async function removePeople(orgId: string, at: Date = clockNow()): Promise<PurgeStart> {
  return db.$transaction(async (tx) => {
    const org = await lockOrganization(tx, orgId)
    if (!org) return { status: 'missing' as const }
    if (org.purgedAt) return { status: 'purged' as const }
    if (!org.purgeStartedAt) {
      if (!org.deletionScheduledFor) return { status: 'canceled' as const }
      if (org.deletionScheduledFor.getTime() > at.getTime()) return { status: 'not-due' as const }
    }

    const members = await tx.$queryRaw<{ userId: string; email: string; isSuperAdmin: boolean; elsewhere: boolean }[]>`
      SELECT m."userId", lower(u."email") AS "email", u."isSuperAdmin",
             EXISTS (SELECT 1 FROM "Membership" o WHERE o."userId" = m."userId" AND o."orgId" <> ${orgId}) AS "elsewhere"
      FROM "Membership" m JOIN "User" u ON u."id" = m."userId"
      WHERE m."orgId" = ${orgId}`
    const leaving = members.filter((m) => !m.isSuperAdmin && !m.elsewhere)
    const userIds = leaving.map((m) => m.userId)
    // Addresses forgotten everywhere: the leaving accounts', and the invitees' that no remaining account has.
    const invitees = await tx.$queryRaw<{ email: string }[]>`
      SELECT DISTINCT lower(i."email") AS "email" FROM "Invitation" i
      WHERE i."orgId" = ${orgId}
        AND NOT EXISTS (SELECT 1 FROM "User" u WHERE lower(u."email") = lower(i."email") AND NOT (u."id" = ANY(${userIds}::text[])))`
    const emails = [...new Set([...leaving.map((m) => m.email), ...invitees.map((i) => i.email)])]

    const jobRuns = await deleteEmailJobs(tx, { orgId, userIds, emails })
    const emailCount = await tx.$executeRaw`
      DELETE FROM "NotificationOutbox"
      WHERE "orgId" = ${orgId} OR "userId" = ANY(${userIds}::text[]) OR lower("toEmail") = ANY(${emails}::text[])`
    const auditEntries = await scrubAudit(tx, { orgId, userIds, emails })
    const dataExports = await tx.$executeRaw`DELETE FROM "DataExport" WHERE "orgId" = ${orgId}`
    const invitations = await tx.$executeRaw`DELETE FROM "Invitation" WHERE "orgId" = ${orgId}`
    const [owned] = await tx.$queryRaw<{ sessions: number; accounts: number }[]>`
      SELECT (SELECT count(*)::int FROM "Session" WHERE "userId" = ANY(${userIds}::text[])) AS "sessions",
             (SELECT count(*)::int FROM "Account" WHERE "userId" = ANY(${userIds}::text[])) AS "accounts"`
    const memberships = await tx.$executeRaw`DELETE FROM "Membership" WHERE "orgId" = ${orgId}`
    // Checked again in the statement: an account that joined another organization meanwhile stays.
    // Sessions, OAuth accounts, tokens and recovery codes go with the user (ON DELETE CASCADE).
    const users = await tx.$executeRaw`
      DELETE FROM "User" u
      WHERE u."id" = ANY(${userIds}::text[]) AND NOT u."isSuperAdmin"
        AND NOT EXISTS (SELECT 1 FROM "Membership" m WHERE m."userId" = u."id")`
    await tx.organization.update({
      where: { id: orgId },
      data: { name: PURGED_ORGANIZATION_NAME, billingEmail: null, ...(org.purgeStartedAt ? {} : { purgeStartedAt: at }) },
    })
    await tx.subscription.updateMany({ where: { orgId }, data: { pauseReason: null } })

    const counts: PeopleCounts = {
      users,
      usersKept: members.length - users,
      sessions: owned?.sessions ?? 0,
      oauthAccounts: owned?.accounts ?? 0,
      memberships,
      invitations,
      dataExports,
      emails: emailCount,
      jobRuns,
      auditEntries,
    }
    if (!org.purgeStartedAt) {
      await recordAudit(
        { action: PURGE_STARTED_ACTION, actorType: 'SYSTEM', orgId, targetType: 'organization', targetId: orgId, after: counts },
        tx,
      )
    }
    return { status: 'started' as const, resumed: org.purgeStartedAt !== null, counts }
  }, TX)
}

/**
 * The email jobs (events and runs, their steps with them) addressed to the leaving people or sent for the
 * organization: their payloads hold addresses, names and the organization's name. A run executing now
 * makes the step wait and run again.
 */
async function deleteEmailJobs(tx: Tx, who: { orgId: string; userIds: string[]; emails: string[] }): Promise<number> {
  const { orgId, userIds, emails } = who
  const [running] = await tx.$queryRaw<{ count: number }[]>`
    SELECT count(*)::int AS "count" FROM "JobRun"
    WHERE "eventName" = ${EMAIL_EVENT} AND "status" = 'RUNNING'
      AND ("eventData"->>'orgId' = ${orgId} OR "eventData"->>'userId' = ANY(${userIds}::text[])
           OR lower("eventData"->>'to') = ANY(${emails}::text[]))`
  if (running && running.count > 0) throw new PurgeBusyError(`${running.count} email job(s) of the organization`)
  const runs = await tx.$executeRaw`
    DELETE FROM "JobRun"
    WHERE "eventName" = ${EMAIL_EVENT}
      AND ("eventData"->>'orgId' = ${orgId} OR "eventData"->>'userId' = ANY(${userIds}::text[])
           OR lower("eventData"->>'to') = ANY(${emails}::text[]))`
  await tx.$executeRaw`
    DELETE FROM "JobEvent"
    WHERE "name" = ${EMAIL_EVENT}
      AND ("data"->>'orgId' = ${orgId} OR "data"->>'userId' = ANY(${userIds}::text[]) OR lower("data"->>'to') = ANY(${emails}::text[]))`
  return runs
}

/**
 * Audit entries keep what happened and when (action, time, actor type, target, request id); who did it
 * (unless a super-admin: the operators' own trail), from which address and browser, the reason and the
 * before/after values go. Entries of the organization, and the leaving people's own entries anywhere
 * (sign-ins, sign-up, an address typed at a failed sign-in). The purge's own entries hold counts only.
 */
async function scrubAudit(tx: Tx, who: { orgId: string; userIds: string[]; emails: string[] }): Promise<number> {
  const { orgId, userIds, emails } = who
  return tx.$executeRaw`
    UPDATE "AuditLog" SET
      "actorUserId" = CASE WHEN "actorType" = 'SUPER_ADMIN' THEN "actorUserId" ELSE NULL END,
      "ip" = NULL, "userAgent" = NULL, "reason" = NULL, "before" = NULL, "after" = NULL
    WHERE ("ip" IS NOT NULL OR "userAgent" IS NOT NULL OR "reason" IS NOT NULL OR "before" IS NOT NULL OR "after" IS NOT NULL
           OR ("actorUserId" IS NOT NULL AND "actorType" <> 'SUPER_ADMIN'))
      AND (("orgId" = ${orgId} AND "action" NOT LIKE 'organization.purge%')
           OR "actorUserId" = ANY(${userIds}::text[])
           OR "targetId" = ANY(${userIds}::text[])
           OR EXISTS (
             SELECT 1 FROM unnest(${emails}::text[]) AS e(address)
             WHERE strpos(lower(coalesce("before"::text, '') || ' ' || coalesce("after"::text, '') || ' ' || coalesce("reason", '')),
                          e.address) > 0))`
}

export type SubscriptionEnd = 'none' | 'already-ended' | 'stripe-canceled' | 'canceled' | 'canceled-here-stripe-off'

/** Step 2. `stripe` is the configured port, or null with billing `none`. */
export async function endSubscription(orgId: string, stripe: StripePort | null, at: Date = clockNow()): Promise<SubscriptionEnd> {
  const sub = await db.subscription.findUnique({ where: { orgId }, select: { id: true, status: true, stripeSubscriptionId: true } })
  if (!sub) return 'none'
  if (sub.status === 'CANCELED' || sub.status === 'EXPIRED') return 'already-ended'
  if (sub.stripeSubscriptionId && stripe) {
    const canceled = await stripe.cancelSubscription({ subscriptionId: sub.stripeSubscriptionId })
    await syncStripeSubscription(canceled, { sourceKey: `purge:${orgId}` })
    const after = await db.subscription.findUnique({ where: { orgId }, select: { status: true } })
    if (after?.status === 'CANCELED' || after?.status === 'EXPIRED') return 'stripe-canceled'
  } else if (sub.stripeSubscriptionId) {
    // Billing was switched off with a Stripe subscription left: ours ends, Stripe's must be cancelled by hand.
    log.warn('purge: Stripe subscription not cancelled (billing is off)', { orgId, subscriptionId: sub.stripeSubscriptionId })
  }
  await db.subscription.update({
    where: { id: sub.id },
    data: { status: 'CANCELED', canceledAt: at, cancelAtPeriodEnd: false, pendingPlanId: null, pastDueSince: null, graceEndsAt: null },
  })
  await recordPlanPeriod(orgId, { at })
  await recordAudit({
    action: 'billing.subscription.canceled',
    actorType: 'SYSTEM',
    orgId,
    targetType: 'subscription',
    targetId: sub.id,
    before: { status: sub.status },
    after: { status: 'CANCELED' },
    reason: 'organization purge',
  })
  return sub.stripeSubscriptionId ? (stripe ? 'stripe-canceled' : 'canceled-here-stripe-off') : 'canceled'
}

/**
 * Step 3, called until it answers 0: asks the deprovision workflow for each instance that may be
 * deprovisioned now; an instance still starting, or one being deprovisioned, is waited for. A failed
 * deprovisioning is asked again (the event id counts the failed runs).
 */
export async function deprovisionInstances(orgId: string): Promise<{ remaining: number; requested: number }> {
  const tenants = await db.tenant.findMany({ where: { orgId, state: { not: 'DEPROVISIONED' } }, select: { id: true, state: true } })
  let requested = 0
  for (const tenant of tenants) {
    if (!isAllowed('deprovision', tenant.state)) continue
    const failed = await db.provisioningRun.count({ where: { tenantId: tenant.id, kind: 'DEPROVISION', status: 'FAILED' } })
    await jobs.send({ name: 'tenant/deprovision.requested', id: `purge-deprovision:${tenant.id}:${failed}`, data: { tenantId: tenant.id } })
    requested++
  }
  return { remaining: tenants.length, requested }
}

export interface PurgeCounts extends PeopleCounts {
  tenants: number
  usageSamples: number
  provisioningRuns: number
  invoicesKept: number
  subscription: SubscriptionEnd | 'unknown'
}

/** Step 4. */
export async function finishPurge(
  orgId: string,
  options: { subscription?: SubscriptionEnd; at?: Date } = {},
): Promise<{ status: 'purged' | 'already-purged'; counts?: PurgeCounts }> {
  const at = options.at ?? clockNow()
  return db.$transaction(async (tx) => {
    const org = await lockOrganization(tx, orgId)
    if (!org || org.purgedAt) return { status: 'already-purged' as const }
    if (!org.purgeStartedAt) throw new Error(`The purge of ${orgId} has not removed the people yet`)
    const tenants = await tx.tenant.findMany({ where: { orgId }, select: { id: true, state: true } })
    const live = tenants.filter((t) => t.state !== 'DEPROVISIONED')
    if (live.length) throw new PurgeBusyError(`${live.length} instance(s) not deprovisioned`)
    const tenantIds = tenants.map((t) => t.id)

    const [running] = await tx.$queryRaw<{ count: number }[]>`
      SELECT count(*)::int AS "count" FROM "JobRun" WHERE "status" = 'RUNNING' AND "eventData"->>'tenantId' = ANY(${tenantIds}::text[])`
    if (running && running.count > 0) throw new PurgeBusyError(`${running.count} job(s) of the instances`)
    // The instances' workflows (their events name the tenant only; their steps hold messages with its names).
    const tenantJobs = await tx.$executeRaw`DELETE FROM "JobRun" WHERE "eventData"->>'tenantId' = ANY(${tenantIds}::text[])`
    await tx.$executeRaw`DELETE FROM "JobEvent" WHERE "data"->>'tenantId' = ANY(${tenantIds}::text[])`
    const [sizes] = await tx.$queryRaw<{ usage: number; runs: number }[]>`
      SELECT (SELECT count(*)::int FROM "UsageSample" WHERE "tenantId" = ANY(${tenantIds}::text[])) AS "usage",
             (SELECT count(*)::int FROM "ProvisioningRun" WHERE "tenantId" = ANY(${tenantIds}::text[])) AS "runs"`
    // Usage samples, provisioning runs and their steps, storage alerts: ON DELETE CASCADE.
    const tenantRows = await tx.$executeRaw`DELETE FROM "Tenant" WHERE "orgId" = ${orgId}`

    // What arrived for the organization since step 1 (the deprovisioning, Stripe's webhooks).
    const lateJobs = await deleteEmailJobs(tx, { orgId, userIds: [], emails: [] })
    const lateEmails = await tx.$executeRaw`DELETE FROM "NotificationOutbox" WHERE "orgId" = ${orgId}`
    const lateAudit = await scrubAudit(tx, { orgId, userIds: [], emails: [] })
    const lateExports = await tx.$executeRaw`DELETE FROM "DataExport" WHERE "orgId" = ${orgId}`
    // Nothing is billed after the purge (a period still open would be invoiced every month).
    await tx.planPeriod.updateMany({ where: { orgId, endsAt: null }, data: { endsAt: at } })
    await tx.organization.update({ where: { id: orgId }, data: { purgedAt: at, name: PURGED_ORGANIZATION_NAME, billingEmail: null } })

    const started = await tx.auditLog.findFirst({
      where: { orgId, action: PURGE_STARTED_ACTION },
      orderBy: { at: 'asc' },
      select: { after: true },
    })
    const people = (started?.after ?? {}) as Partial<PeopleCounts>
    const n = (key: keyof PeopleCounts) => Number(people[key] ?? 0)
    const counts: PurgeCounts = {
      users: n('users'),
      usersKept: n('usersKept'),
      sessions: n('sessions'),
      oauthAccounts: n('oauthAccounts'),
      memberships: n('memberships'),
      invitations: n('invitations'),
      dataExports: n('dataExports') + lateExports,
      emails: n('emails') + lateEmails,
      jobRuns: n('jobRuns') + lateJobs + tenantJobs,
      auditEntries: n('auditEntries') + lateAudit,
      tenants: tenantRows,
      usageSamples: sizes?.usage ?? 0,
      provisioningRuns: sizes?.runs ?? 0,
      invoicesKept: await tx.invoice.count({ where: { orgId } }),
      subscription: options.subscription ?? 'unknown',
    }
    await recordAudit({ action: PURGED_ACTION, actorType: 'SYSTEM', orgId, targetType: 'organization', targetId: orgId, after: counts }, tx)
    return { status: 'purged' as const, counts }
  }, TX)
}
