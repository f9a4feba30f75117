/**
 * Inviting someone by email. Owners and admins may invite; only owners may invite an owner.
 * Someone already a member cannot be invited; an open invitation for the same address is revoked
 * and replaced (a second invite is how a lost email is resent). The token is returned once and
 * only its SHA-256 is stored; the invitation email goes out as a background job after commit.
 */
import { z } from 'zod'
import { db, type MemberRole } from '../db'
import { recordAudit } from '../audit/record-audit'
import { getEnv } from '../env'
import { AppError } from '../errors/app-error'
import { jobs } from '../jobs/jobs'
import { requireOrgRole } from './authorize'
import { memberRoleSchema } from './change-member-role'
import { assignableRoles, rolesWith } from './roles'
import { auditRequest, fieldError, parseInput, type RequestMeta } from '../errors/input'
import { generateInvitationToken, INVITATION_TTL_DAYS, openInvitationWhere } from './invitation-token'

/** Open invitations one organization may have at a time: a ceiling on the mail it can make us send. */
export const MAX_OPEN_INVITATIONS = 100

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

export async function createInvitation(
  input: { orgId: string; actorUserId: string; email: string; role: MemberRole },
  meta?: RequestMeta,
): Promise<CreatedInvitation> {
  const { email, role } = parseInput(createInvitationSchema, { email: input.email, role: input.role })
  const { org, membership: actor } = await requireOrgRole({ orgId: input.orgId, userId: input.actorUserId, roles: rolesWith('manage') })
  if (!assignableRoles(actor.role).includes(role)) throw new AppError('FORBIDDEN', 'Only owners can invite an owner')
  if (org.deletionScheduledFor)
    throw new AppError('CONFLICT', 'This organization is scheduled for deletion: cancel the deletion to invite people')

  const inviter = await db.user.findUnique({ where: { id: input.actorUserId }, select: { name: true, email: true } })
  const { token, tokenHash } = generateInvitationToken()
  const now = new Date()
  const expiresAt = new Date(now.getTime() + INVITATION_TTL_DAYS * 86_400_000)

  const invitation = await db.$transaction(async (tx) => {
    // One invitation per address at a time: serialize invites of the same address to this org.
    await tx.$queryRaw`SELECT 1 AS "locked" FROM pg_advisory_xact_lock(hashtext(${`org-invitation:${org.id}:${email}`}))`
    const member = await tx.membership.findFirst({ where: { orgId: org.id, user: { email } }, select: { id: true } })
    if (member) throw fieldError('email', `${email} is already a member of this organization`)

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
