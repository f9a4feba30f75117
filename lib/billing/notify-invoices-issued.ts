/**
 * "Invoice issued" emails for a batch of new invoices: one query for the invoices and their
 * organizations' owners, one batch of events (deduplicated per invoice and recipient).
 */
import { db } from '../db'
import { getEnv } from '../env'
import { jobs } from '../jobs/jobs'
import type { EventInput } from '../jobs/events'

export async function notifyInvoicesIssued(invoiceIds: string[]): Promise<number> {
  if (!invoiceIds.length) return 0
  const invoices = await db.invoice.findMany({
    where: { id: { in: invoiceIds } },
    select: {
      id: true,
      number: true,
      totalCents: true,
      currency: true,
      periodStart: true,
      periodEnd: true,
      dueAt: true,
      org: {
        select: {
          id: true,
          name: true,
          slug: true,
          billingEmail: true,
          memberships: { where: { role: 'OWNER' }, select: { user: { select: { id: true, email: true } } } },
        },
      },
    },
  })
  const appUrl = getEnv().appUrl
  const events: EventInput[] = []
  for (const invoice of invoices) {
    const recipients = new Map<string, string | undefined>(invoice.org.memberships.map((m) => [m.user.email.toLowerCase(), m.user.id]))
    if (invoice.org.billingEmail && !recipients.has(invoice.org.billingEmail.toLowerCase()))
      recipients.set(invoice.org.billingEmail.toLowerCase(), undefined)
    for (const [to, userId] of recipients) {
      const key = `invoice-issued:${invoice.id}:${to}`.slice(0, 200)
      events.push({
        name: 'notifications/email.requested',
        id: key,
        data: {
          template: 'invoice-issued',
          to,
          userId,
          orgId: invoice.org.id,
          dedupeKey: key,
          data: {
            orgName: invoice.org.name,
            number: invoice.number,
            totalCents: invoice.totalCents,
            currency: invoice.currency,
            url: `${appUrl}/${invoice.org.slug}/invoices/${invoice.id}`,
            periodStart: invoice.periodStart.toISOString(),
            periodEnd: new Date(invoice.periodEnd.getTime() - 1).toISOString(),
            dueAt: invoice.dueAt?.toISOString() ?? null,
          },
        },
      })
    }
  }
  for (let i = 0; i < events.length; i += 500) await jobs.send(events.slice(i, i + 500))
  return events.length
}
