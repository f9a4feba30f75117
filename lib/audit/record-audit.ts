/**
 * Appends one entry to the audit log. Every admin, billing and security-relevant action calls
 * this with who did what to which object, and why. Values are redacted like logs are.
 */
import type { Prisma } from '../db'
import { db } from '../db'
import { redact } from '../log/logger'

export interface AuditEntry {
  action: string // "auth.sign_in.failed", "org.member.role_changed", "tenant.suspend", …
  actorType: 'USER' | 'SUPER_ADMIN' | 'SYSTEM' | 'STRIPE'
  actorUserId?: string | null
  orgId?: string | null
  tenantId?: string | null
  targetType?: string
  targetId?: string
  reason?: string
  before?: unknown
  after?: unknown
  ip?: string
  userAgent?: string
  requestId?: string
}

const json = (value: unknown) => (value === undefined ? undefined : (redact(value) as Prisma.InputJsonValue))

export async function recordAudit(entry: AuditEntry, client: Pick<typeof db, 'auditLog'> = db): Promise<void> {
  await client.auditLog.create({
    data: {
      action: entry.action,
      actorType: entry.actorType,
      actorUserId: entry.actorUserId ?? null,
      orgId: entry.orgId ?? null,
      tenantId: entry.tenantId ?? null,
      targetType: entry.targetType,
      targetId: entry.targetId,
      reason: entry.reason,
      before: json(entry.before),
      after: json(entry.after),
      ip: entry.ip?.slice(0, 64),
      userAgent: entry.userAgent?.slice(0, 512),
      requestId: entry.requestId,
    },
  })
}
