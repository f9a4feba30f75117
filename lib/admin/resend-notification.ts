/**
 * Resend one email of a tenant's organization: a new outbox row with the same rendered message
 * (the original stays as it was), delivered now like any other.
 */
import { z } from 'zod'
import { recordAudit } from '../audit/record-audit'
import { db } from '../db'
import { emailTransportFromEnv } from '../email/transport'
import { AppError } from '../errors/app-error'
import { deliverEmail } from '../notifications/deliver-email'
import { auditActor } from './admin-actor'
import type { AdminContext } from './admin-context'
import { loadAdminTenant } from './admin-tenant'
import { reasonField } from './reason'

export const resendNotificationInput = z.object({
  tenantId: z.string().min(1),
  outboxId: z.string({ message: 'Pick an email' }).min(1, 'Pick an email'),
  reason: reasonField,
})

export async function resendNotification(
  input: z.output<typeof resendNotificationInput>,
  { actor, now }: AdminContext,
): Promise<{ outboxId: string; status: string }> {
  const tenant = await loadAdminTenant(input.tenantId)
  const members = await db.membership.findMany({ where: { orgId: tenant.orgId }, select: { user: { select: { email: true } } } })
  const original = await db.notificationOutbox.findFirst({
    where: { id: input.outboxId, OR: [{ orgId: tenant.orgId }, { toEmail: { in: members.map((m) => m.user.email) } }] },
  })
  if (!original) throw new AppError('NOT_FOUND', "No such email for this tenant's organization")
  const copy = await db.notificationOutbox.create({
    data: {
      dedupeKey: `resend:${original.id}:${now.getTime().toString(36)}`,
      template: original.template,
      toEmail: original.toEmail,
      userId: original.userId,
      orgId: original.orgId ?? tenant.orgId,
      subject: original.subject,
      bodyText: original.bodyText,
      bodyHtml: original.bodyHtml,
    },
    select: { id: true },
  })
  const delivered = await deliverEmail(copy.id, emailTransportFromEnv())
  await recordAudit({
    ...auditActor(actor),
    action: 'admin.notification.resend',
    orgId: tenant.orgId,
    tenantId: tenant.id,
    targetType: 'NotificationOutbox',
    targetId: original.id,
    reason: input.reason,
    before: { outboxId: original.id, status: original.status },
    after: { outboxId: copy.id, status: delivered.status, to: original.toEmail, breakGlass: actor.breakGlassId },
  })
  return { outboxId: copy.id, status: delivered.status }
}
