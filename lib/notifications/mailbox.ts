/**
 * The outbox as a mailbox, for the super-admin dev mailbox page: every email Tenancy wrote,
 * newest first, whether it was sent, kept (embedded mode) or failed. Callers authorize
 * (super-admin only) before calling; these functions return plain DTOs.
 */
import { db, type OutboxStatus } from '../db'
import { AppError } from '../errors/app-error'

export interface MailboxItem {
  id: string
  to: string
  subject: string
  template: string
  status: OutboxStatus
  createdAt: Date
}

export interface MailboxMessage extends MailboxItem {
  text: string
  html: string | null
  userId: string | null
  orgId: string | null
  attempts: number
  lastError: string | null
  sentAt: Date | null
}

export interface MailboxPage {
  items: MailboxItem[]
  /** Pass as `cursor` for the next (older) page; null on the last page. */
  nextCursor: string | null
}

export const MAILBOX_MAX_TAKE = 200

const itemSelect = { id: true, toEmail: true, subject: true, template: true, status: true, createdAt: true } as const

export async function listMailbox(options: { take?: number; cursor?: string } = {}): Promise<MailboxPage> {
  const take = Math.min(Math.max(Math.trunc(options.take ?? 50), 1), MAILBOX_MAX_TAKE)
  const rows = await db.notificationOutbox.findMany({
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    take: take + 1,
    ...(options.cursor ? { cursor: { id: options.cursor }, skip: 1 } : {}),
    select: itemSelect,
  })
  const page = rows.slice(0, take)
  return {
    items: page.map(({ toEmail, ...row }) => ({ ...row, to: toEmail })),
    nextCursor: rows.length > take ? (page.at(-1)?.id ?? null) : null,
  }
}

export async function getMailboxMessage(id: string): Promise<MailboxMessage> {
  const row = await db.notificationOutbox.findUnique({ where: { id } })
  if (!row) throw new AppError('NOT_FOUND', 'Email not found')
  return {
    id: row.id,
    to: row.toEmail,
    subject: row.subject,
    template: row.template,
    status: row.status,
    createdAt: row.createdAt,
    text: row.bodyText,
    html: row.bodyHtml,
    userId: row.userId,
    orgId: row.orgId,
    attempts: row.attempts,
    lastError: row.lastError,
    sentAt: row.sentAt,
  }
}
