/**
 * Inviting someone by email. Owners and admins may invite; only owners may invite an owner.
 * Someone already a member cannot be invited; an open invitation for the same address is revoked
 * and replaced (a second invite is how a lost email is resent). The token is returned once and
 * only its SHA-256 is stored; the invitation email goes out as a background job after commit.
 *
 * Every invitation is an email to an address the inviter chose, carrying the organization's
 * name: so they are rate-limited (INVITATION_RATE_LIMITS, counters of lib/auth/rate-limit.ts)
 * per address of the organization first, then per organization. Over a limit the invitation is
 * refused, RATE_LIMITED with when to try again, before anything is written: no email, and the
 * open invitation of the address (if any) stays as it was.
 */
import crypto from 'node:crypto'
import { z } from 'zod'
import { db, type MemberRole } from '../db'
import { recordAudit } from '../audit/record-audit'
import { getEnv } from '../env'
import { AppError } from '../errors/app-error'
import { jobs } from '../jobs/jobs'
import { formatRetryAfter, hit } from '../auth/rate-limit'
import { requireOrgRole } from './authorize'
import { memberRoleSchema } from './change-member-role'
import { assignableRoles, rolesWith } from './roles'
import { auditRequest, fieldError, parseInput, type RequestMeta } from '../errors/input'
import { generateInvitationToken, INVITATION_TTL_DAYS, openInvitationWhere } from './invitation-token'

/** Open invitations one organization may have at a time: a ceiling on the mail it can make us send. */
export const MAX_OPEN_INVITATIONS = 100

const MINUTE = 60
const HOUR = 3600

/** Invitation emails one organization may send: to one address (re-invites are resends), and in all. */
export const INVITATION_RATE_LIMITS = {
  perAddress: [
    { limit: 1, windowSeconds: 10 * MINUTE },
    { limit: 3, windowSeconds: 24 * HOUR },
  ],
  perOrganization: [
    { limit: 50, windowSeconds: HOUR },
    { limit: 200, windowSeconds: 24 * HOUR },
  ],
} as const

export const invitationEmailSchema = z
  .string({ message: 'Enter an email address' })
  .trim()
  .toLowerCase()
  .max(254, 'At most 254 characters')
  .pipe(z.email({ message: 'Enter a valid email address' }))

export const createInvitationSchema = z.object({ email: invitationEmailSchema, role: memberRoleSchema })

export interface CreatedInvitation {
  id: string
  email: string
  role: MemberRole
  expiresAt: Date
  /** The secret of the link, shown once (it is not stored). */
  token: string
  url: string
}

export function invitationUrl(token: string): string {
  return `${getEnv().appUrl}/invite?token=${encodeURIComponent(token)}`
}

function retryIn(seconds: number): string {
  return seconds < 2 * HOUR ? formatRetryAfter(seconds) : `in ${Math.ceil(seconds / HOUR)} hours`
}

const digest = (identity: string) => crypto.createHash('sha256').update(identity, 'utf8').digest('base64url').slice(0, 22)

/** Counts one invitation email of `orgId` to `email` against every limit, in order; RATE_LIMITED at the first exceeded. */
async function limitInvitationEmail(orgId: string, email: string, now: Date): Promise<void> {
  const rules = [
    ...INVITATION_RATE_LIMITS.perAddress.map((rule) => ({
      ...rule,
      key: `invite:org-address:${rule.windowSeconds}:${digest(`${orgId}\n${email}`)}`,
      refusal: `${email} was invited recently.`,
    })),
    ...INVITATION_RATE_LIMITS.perOrganization.map((rule) => ({
      ...rule,
      key: `invite:org:${rule.windowSeconds}:${digest(orgId)}`,
      refusal: 'This organization sent too many invitations.',
    })),
  ]
  for (const { key, limit, windowSeconds, refusal } of rules) {
    const decision = await hit({ key, limit, windowSeconds, now })
    if (!decision.ok)
      throw new AppError('RATE_LIMITED', `${refusal} Try again ${retryIn(decision.retryAfterSeconds)}.`, {
        retryAfterSeconds: decision.retryAfterSeconds,
      })
  }
}

const alreadyMember = (email: string) => fieldError('email', `${email} is already a member of this organization`)

export async function createInvitation(
  input: { orgId: string; actorUserId: string; email: string; role: MemberRole },
  meta?: RequestMeta,
  options: { now?: Date } = {},
): Promise<CreatedInvitation> {
  const { email, role } = parseInput(createInvitationSchema, { email: input.email, role: input.role })
  const { org, membership: actor } = await requireOrgRole({ orgId: input.orgId, userId: input.actorUserId, roles: rolesWith('manage') })
  if (!assignableRoles(actor.role).includes(role)) throw new AppError('FORBIDDEN', 'Only owners can invite an owner')
  if (org.deletionScheduledFor)
    throw new AppError('CONFLICT', 'This organization is scheduled for deletion: cancel the deletion to invite people')

  // A member is refused before the limits count the attempt (no email would have gone out).
  if (await db.membership.findFirst({ where: { orgId: org.id, user: { email } }, select: { id: true } })) throw alreadyMember(email)
  const now = options.now ?? new Date()
  await limitInvitationEmail(org.id, email, now)

  const inviter = await db.user.findUnique({ where: { id: input.actorUserId }, select: { name: true, email: true } })
  const { token, tokenHash } = generateInvitationToken()
  const expiresAt = new Date(now.getTime() + INVITATION_TTL_DAYS * 86_400_000)

  const invitation = await db.$transaction(async (tx) => {
    // One invitation per address at a time: serialize invites of the same address to this org.
    await tx.$queryRaw`SELECT 1 AS "locked" FROM pg_advisory_xact_lock(hashtext(${`org-invitation:${org.id}:${email}`}))`
    const member = await tx.membership.findFirst({ where: { orgId: org.id, user: { email } }, select: { id: true } })
    if (member) throw alreadyMember(email)

    const open = await tx.invitation.findMany({ where: { orgId: org.id, ...openInvitationWhere(now) }, select: { id: true, email: true } })
    const replaced = open.filter((row) => row.email === email).map((row) => row.id)
    if (open.length - replaced.length >= MAX_OPEN_INVITATIONS) {
      throw new AppError(
        'CONFLICT',
        `This organization already has ${MAX_OPEN_INVITATIONS} open invitations: revoke some before inviting more`,
      )
    }
    if (replaced.length) await tx.invitation.updateMany({ where: { id: { in: replaced } }, data: { revokedAt: now } })

    const created = await tx.invitation.create({
      data: { orgId: org.id, email, role, tokenHash, invitedById: input.actorUserId, expiresAt },
      select: { id: true, email: true, role: true, expiresAt: true },
    })
    await recordAudit(
      {
        action: 'org.invitation.created',
        actorType: 'USER',
        actorUserId: input.actorUserId,
        orgId: org.id,
        targetType: 'invitation',
        targetId: created.id,
        after: { email, role, expiresAt: expiresAt.toISOString(), replacedInvitationIds: replaced },
        ...auditRequest(meta),
      },
      tx,
    )
    return created
  })

  const url = invitationUrl(token)
  await jobs.send({
    name: 'notifications/email.requested',
    id: `org-invitation:${invitation.id}`,
    data: {
      template: 'invitation',
      to: email,
      data: {
        orgName: org.name,
        inviterName: inviter?.name || inviter?.email || 'A colleague',
        role,
        url,
        expiresAt: expiresAt.toISOString(),
      },
      dedupeKey: `invitation:${invitation.id}`,
      orgId: org.id,
    },
  })
  return { ...invitation, token, url }
}
