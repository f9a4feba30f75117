/**
 * The audit log viewer: entries newest first, filtered by action (prefix), actor (email or
 * SYSTEM/STRIPE), tenant, organization and time range; keyset pages on the id (stable while new
 * entries arrive). The export reads the same filters in batches.
 */
import { z } from 'zod'
import type { Prisma } from '../db'
import { db } from '../db'
import { textField } from '../errors/input'

/** A calendar day as YYYY-MM-DD (2026-13-45 is refused, not left to the query to fail on). */
const day = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'Use YYYY-MM-DD')
  .refine((value) => {
    const date = new Date(`${value}T00:00:00Z`)
    return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(value)
  }, 'Use a real day, as YYYY-MM-DD')

/** A free-text filter: one line, no NUL (lib/errors/input.ts), trimmed, empty meaning none. */
const filterText = (max: number) =>
  textField('Enter text', max)
    .transform((v) => v.trim() || undefined)
    .optional()

export const auditFilterInput = z.object({
  action: filterText(100),
  actor: filterText(254),
  actorType: z.enum(['USER', 'SUPER_ADMIN', 'SYSTEM', 'STRIPE']).optional(),
  tenantId: filterText(64),
  orgId: filterText(64),
  from: day.optional(),
  to: day.optional(),
})
export type AuditFilter = z.input<typeof auditFilterInput>

export interface AuditRow {
  id: string
  at: Date
  action: string
  actorType: string
  actorEmail: string | null
  orgId: string | null
  tenantId: string | null
  targetType: string | null
  targetId: string | null
  reason: string | null
  before: unknown
  after: unknown
  ip: string | null
  requestId: string | null
}

async function auditWhere(raw: AuditFilter): Promise<Prisma.AuditLogWhereInput | null> {
  const f = auditFilterInput.parse(raw)
  const where: Prisma.AuditLogWhereInput = {}
  if (f.action) where.action = { startsWith: f.action }
  if (f.actorType) where.actorType = f.actorType
  if (f.actor) {
    const user = await db.user.findUnique({ where: { email: f.actor.toLowerCase() }, select: { id: true } })
    if (!user) return null // no such actor: nothing matches
    where.actorUserId = user.id
  }
  if (f.tenantId) where.tenantId = f.tenantId
  if (f.orgId) where.orgId = f.orgId
  if (f.from || f.to)
    where.at = {
      ...(f.from ? { gte: new Date(`${f.from}T00:00:00Z`) } : {}),
      ...(f.to ? { lt: new Date(new Date(`${f.to}T00:00:00Z`).getTime() + 86_400_000) } : {}),
    }
  return where
}

async function withActors(rows: Awaited<ReturnType<typeof db.auditLog.findMany>>): Promise<AuditRow[]> {
  const ids = [...new Set(rows.map((r) => r.actorUserId).filter((id): id is string => Boolean(id)))]
  const emails = new Map(
    (await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, email: true } })).map((u) => [u.id, u.email]),
  )
  return rows.map((r) => ({
    id: String(r.id),
    at: r.at,
    action: r.action,
    actorType: r.actorType,
    actorEmail: r.actorUserId ? (emails.get(r.actorUserId) ?? null) : null,
    orgId: r.orgId,
    tenantId: r.tenantId,
    targetType: r.targetType,
    targetId: r.targetId,
    reason: r.reason,
    before: r.before,
    after: r.after,
    ip: r.ip,
    requestId: r.requestId,
  }))
}

/** One page, newest first; `before` is the id of the last entry of the previous page. */
export async function listAudit(
  filter: AuditFilter,
  page: { before?: string; take?: number } = {},
): Promise<{ rows: AuditRow[]; nextBefore: string | null }> {
  const where = await auditWhere(filter)
  if (!where) return { rows: [], nextBefore: null }
  const take = Math.min(Math.max(page.take ?? 50, 1), 500)
  // An entry id is a bigint: at most 18 digits here, so that no cursor overflows it.
  const before = page.before && /^\d{1,18}$/.test(page.before) ? BigInt(page.before) : undefined
  const rows = await db.auditLog.findMany({
    where: before ? { AND: [where, { id: { lt: before } }] } : where,
    orderBy: { id: 'desc' },
    take: take + 1,
  })
  const hasMore = rows.length > take
  const shown = await withActors(rows.slice(0, take))
  return { rows: shown, nextBefore: hasMore ? shown.at(-1)!.id : null }
}

/** Every matching entry, newest first, in batches (for the CSV export); at most `limit`. */
export async function* exportAudit(filter: AuditFilter, limit = 100_000, batch = 2_000): AsyncGenerator<AuditRow[]> {
  let before: string | undefined
  let sent = 0
  while (sent < limit) {
    const page = await listAudit(filter, { before, take: Math.min(batch, 500, limit - sent) })
    if (page.rows.length) yield page.rows
    sent += page.rows.length
    if (!page.nextBefore) return
    before = page.nextBefore
  }
}
