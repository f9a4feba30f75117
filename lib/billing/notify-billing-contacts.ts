/**
 * Billing emails go to the organization's owners (and its billing address when set), once per
 * dedupe key: a retried step or a duplicate webhook sends nothing new.
 */
import { db } from '../db'
import { jobs } from '../jobs/jobs'

export async function notifyBillingContacts(input: {
  orgId: string
  template: 'trial-ending' | 'trial-expired' | 'payment-failed' | 'invoice-issued'
  dedupeKey: string
  data: Record<string, unknown>
}): Promise<number> {
  const org = await db.organization.findUniqueOrThrow({
    where: { id: input.orgId },
    select: { billingEmail: true, memberships: { where: { role: 'OWNER' }, select: { user: { select: { id: true, email: true } } } } },
  })
  const recipients = new Map<string, string | undefined>()
  for (const { user } of org.memberships) recipients.set(user.email.toLowerCase(), user.id)
  if (org.billingEmail && !recipients.has(org.billingEmail.toLowerCase())) recipients.set(org.billingEmail.toLowerCase(), undefined)
  for (const [to, userId] of recipients) {
    const key = `${input.dedupeKey}:${to}`.slice(0, 200)
    await jobs.send({
      name: 'notifications/email.requested',
      id: key,
      data: { template: input.template, to, userId, orgId: input.orgId, dedupeKey: key, data: input.data },
    })
  }
  return recipients.size
}
