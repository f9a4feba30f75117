/**
 * Delivers one outbox message; safe to call again and again (a retrying job does).
 *
 * - SENT or KEPT: nothing to do, the row is returned unchanged. A message is never sent twice.
 * - No transport (embedded mode, SMTP_URL unset): the message is KEPT for the dev mailbox.
 * - Otherwise the call claims the attempt (attempts + 1, only if no one else did meanwhile),
 *   sends, and marks the row SENT. A failed send marks it FAILED with the error's message
 *   (never credentials) and rethrows, so the job retries; a later successful call marks it SENT.
 *
 * `attempts` counts send attempts, the successful one included. Nothing is ever deleted.
 */
import { db, OutboxStatus } from '../db'
import type { EmailTransport } from '../email/transport'
import { getEnv } from '../env'
import { AppError } from '../errors/app-error'
import { log, redact } from '../log/logger'

export const OUTBOX_ID_HEADER = 'X-Tenancy-Outbox-Id'

const MAX_ERROR_LENGTH = 1_000

export interface OutboxDelivery {
  id: string
  status: OutboxStatus
  attempts: number
  lastError: string | null
  sentAt: Date | null
}

const deliverySelect = { id: true, status: true, attempts: true, lastError: true, sentAt: true } as const
const deliverable = [OutboxStatus.PENDING, OutboxStatus.FAILED]

export async function deliverEmail(outboxId: string, transport: EmailTransport | null): Promise<OutboxDelivery> {
  const row = await db.notificationOutbox.findUnique({ where: { id: outboxId } })
  if (!row) throw new AppError('NOT_FOUND', 'Email not found in the outbox')
  if (row.status === OutboxStatus.SENT || row.status === OutboxStatus.KEPT) return pick(row)

  if (!transport) {
    await db.notificationOutbox.updateMany({ where: { id: row.id, status: { in: deliverable } }, data: { status: OutboxStatus.KEPT } })
    return current(row.id)
  }

  // Claim this attempt: if another delivery of the same row got here first, leave it to that one.
  const claim = await db.notificationOutbox.updateMany({
    where: { id: row.id, status: { in: deliverable }, attempts: row.attempts },
    data: { attempts: { increment: 1 } },
  })
  if (claim.count === 0) return current(row.id)

  try {
    await transport.send({
      from: getEnv().EMAIL_FROM,
      to: row.toEmail,
      subject: row.subject,
      text: row.bodyText,
      html: row.bodyHtml ?? undefined,
      headers: { [OUTBOX_ID_HEADER]: row.id, 'Auto-Submitted': 'auto-generated' },
    })
  } catch (error) {
    const lastError = errorMessage(error)
    await db.notificationOutbox.update({ where: { id: row.id }, data: { status: OutboxStatus.FAILED, lastError } })
    log.warn('email delivery failed', { outboxId: row.id, template: row.template, attempts: row.attempts + 1, error: lastError })
    throw error
  }

  const sent = await db.notificationOutbox.update({
    where: { id: row.id },
    data: { status: OutboxStatus.SENT, sentAt: new Date() },
    select: deliverySelect,
  })
  return sent
}

async function current(id: string): Promise<OutboxDelivery> {
  return db.notificationOutbox.findUniqueOrThrow({ where: { id }, select: deliverySelect })
}

function pick(row: OutboxDelivery): OutboxDelivery {
  return { id: row.id, status: row.status, attempts: row.attempts, lastError: row.lastError, sentAt: row.sentAt }
}

/** The message only (no stack, no SMTP URL), with anything credential-like redacted. */
function errorMessage(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error)
  return String(redact(message || 'unknown error')).slice(0, MAX_ERROR_LENGTH)
}
