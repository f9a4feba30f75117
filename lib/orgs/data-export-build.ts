/**
 * Builds an owner's data export (workflows/orgs/build-data-export.ts): one JSON document with the
 * organization, its subscription and instances, members, invitations, invoices with their lines, usage
 * samples and audit entries, and nothing of another organization. Memory stays bounded whatever the
 * organization's size: rows are read a page at a time (keyset pagination) and the JSON is written in
 * chunks of about CHUNK_BYTES, each gzip-compressed on its own into DataExportChunk. Building again (a
 * retry) starts from an empty set of chunks; a built export is not built twice.
 *
 * Left out on purpose: secrets (password hashes, tokens, the instance's sealed credentials and DNS
 * token) and the members' network addresses and browsers in the audit entries (docs/decisions.md).
 */
import zlib from 'node:zlib'
import { now as clockNow } from '../clock'
import { db } from '../db'
import { getEnv } from '../env'
import { jobs } from '../jobs/jobs'

export const EXPORT_TTL_DAYS = 7
export const EXPORT_FORMAT = 'tenancy-organization-export'
export const CHUNK_BYTES = 1 << 20
const PAGE = 1000
const DAY = 86_400_000
const MAX_SIZE = 2_000_000_000

/** The export's JSON, written in order into gzip-compressed chunks. */
class ChunkWriter {
  private parts: string[] = []
  private pending = 0
  seq = 0
  size = 0

  constructor(
    private readonly exportId: string,
    private readonly orgId: string,
    private readonly chunkBytes: number,
  ) {}

  async write(text: string): Promise<void> {
    const bytes = Buffer.byteLength(text)
    this.parts.push(text)
    this.pending += bytes
    this.size += bytes
    if (this.size > MAX_SIZE) throw new Error(`The export is larger than ${MAX_SIZE} bytes`)
    if (this.pending >= this.chunkBytes) await this.flush()
  }

  async flush(): Promise<void> {
    if (!this.parts.length) return
    const data = new Uint8Array(zlib.gzipSync(Buffer.from(this.parts.join(''), 'utf8')))
    this.parts = []
    this.pending = 0
    await db.dataExportChunk.create({ data: { exportId: this.exportId, seq: this.seq++, orgId: this.orgId, data } })
  }
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null)

/** Writes `"name": [ … ]` from pages of rows; `next(after)` returns the page after the last row's key. */
async function writeArray<R, K>(
  out: ChunkWriter,
  name: string,
  next: (after: K | undefined) => Promise<R[]>,
  keyOf: (row: R) => K,
  rowsOf: (page: R[]) => Promise<unknown[]> | unknown[],
): Promise<number> {
  await out.write(`,\n  ${JSON.stringify(name)}: [`)
  let count = 0
  let after: K | undefined
  for (;;) {
    const page = await next(after)
    if (!page.length) break
    for (const row of await rowsOf(page)) await out.write(`${count++ ? ',' : ''}\n    ${JSON.stringify(row)}`)
    if (page.length < PAGE) break
    after = keyOf(page.at(-1)!)
  }
  await out.write(count ? '\n  ]' : ']')
  return count
}

async function emailsOf(userIds: (string | null)[]): Promise<Map<string, string>> {
  const ids = [...new Set(userIds.filter((id): id is string => id !== null))]
  if (!ids.length) return new Map()
  const users = await db.user.findMany({ where: { id: { in: ids } }, select: { id: true, email: true } })
  return new Map(users.map((u) => [u.id, u.email]))
}

/** The document: every query names the organization (or its instances, found by it). */
async function writeDocument(out: ChunkWriter, orgId: string, at: Date): Promise<Record<string, number>> {
  const org = await db.organization.findUniqueOrThrow({
    where: { id: orgId },
    select: {
      id: true,
      name: true,
      slug: true,
      billingEmail: true,
      createdAt: true,
      deletionRequestedAt: true,
      deletionScheduledFor: true,
      subscription: {
        select: {
          planId: true,
          status: true,
          trialEndsAt: true,
          currentPeriodStart: true,
          currentPeriodEnd: true,
          cancelAtPeriodEnd: true,
          pendingPlanId: true,
          canceledAt: true,
          createdAt: true,
        },
      },
      planPeriods: {
        select: { planId: true, isPaid: true, customDomain: true, startsAt: true, endsAt: true },
        orderBy: { startsAt: 'asc' },
      },
      tenants: {
        select: {
          id: true,
          slug: true,
          url: true,
          planId: true,
          state: true,
          customDomain: true,
          pendingDomain: true,
          appVersion: true,
          createdAt: true,
          lastDeployedAt: true,
          suspendedAt: true,
          suspendReason: true,
        },
        orderBy: { createdAt: 'asc' },
      },
    },
  })
  const { subscription, planPeriods, tenants, ...organization } = org
  await out.write(`{\n  "format": ${JSON.stringify(EXPORT_FORMAT)},\n  "version": 1,\n  "exportedAt": ${JSON.stringify(at.toISOString())}`)
  await out.write(`,\n  "organization": ${JSON.stringify(organization)}`)
  await out.write(`,\n  "subscription": ${JSON.stringify(subscription)}`)
  await out.write(`,\n  "planPeriods": ${JSON.stringify(planPeriods)}`)
  await out.write(`,\n  "instances": ${JSON.stringify(tenants.map(({ id: _id, ...t }) => t))}`)

  const counts: Record<string, number> = { instances: tenants.length }
  counts.members = await writeArray(
    out,
    'members',
    (after: string | undefined) =>
      db.membership.findMany({
        where: { orgId, ...(after ? { id: { gt: after } } : {}) },
        orderBy: { id: 'asc' },
        take: PAGE,
        select: { id: true, role: true, createdAt: true, user: { select: { email: true, name: true } } },
      }),
    (m) => m.id,
    (page) => page.map((m) => ({ email: m.user.email, name: m.user.name, role: m.role, joinedAt: iso(m.createdAt) })),
  )
  counts.invitations = await writeArray(
    out,
    'invitations',
    (after: string | undefined) =>
      db.invitation.findMany({
        where: { orgId, ...(after ? { id: { gt: after } } : {}) },
        orderBy: { id: 'asc' },
        take: PAGE,
        select: {
          id: true,
          email: true,
          role: true,
          createdAt: true,
          expiresAt: true,
          acceptedAt: true,
          revokedAt: true,
          invitedById: true,
        },
      }),
    (i) => i.id,
    async (page) => {
      const inviters = await emailsOf(page.map((i) => i.invitedById))
      return page.map(({ id: _id, invitedById, ...i }) => ({ ...i, invitedBy: invitedById ? (inviters.get(invitedById) ?? null) : null }))
    },
  )
  counts.invoices = await writeArray(
    out,
    'invoices',
    (after: string | undefined) =>
      db.invoice.findMany({
        where: { orgId, ...(after ? { id: { gt: after } } : {}) },
        orderBy: { id: 'asc' },
        take: 200,
        select: {
          id: true,
          number: true,
          periodStart: true,
          periodEnd: true,
          status: true,
          currency: true,
          subtotalCents: true,
          taxRateBps: true,
          taxCents: true,
          totalCents: true,
          issuedAt: true,
          dueAt: true,
          paidAt: true,
          lines: {
            orderBy: { position: 'asc' },
            select: { kind: true, description: true, quantity: true, unit: true, unitPriceCents: true, amountCents: true },
          },
        },
      }),
    (i) => i.id,
    (page) =>
      page.map(({ id: _id, lines, ...i }) => ({
        ...i,
        lines: lines.map((l) => ({ ...l, quantity: l.quantity.toString(), unitPriceCents: l.unitPriceCents.toString() })),
      })),
  )
  const slugOf = new Map(tenants.map((t) => [t.id, t.slug]))
  const tenantIds = tenants.map((t) => t.id)
  counts.usage = await writeArray(
    out,
    'usage',
    (after: bigint | undefined) =>
      db.usageSample.findMany({
        where: { tenantId: { in: tenantIds }, ...(after !== undefined ? { id: { gt: after } } : {}) },
        orderBy: { id: 'asc' },
        take: PAGE,
        select: { id: true, tenantId: true, metric: true, volume: true, windowStart: true, windowEnd: true, value: true, isGap: true },
      }),
    (s) => s.id,
    (page) =>
      page.map((s) => ({
        instance: slugOf.get(s.tenantId) ?? null,
        metric: s.metric,
        volume: s.volume,
        windowStart: iso(s.windowStart),
        windowEnd: iso(s.windowEnd),
        value: s.value.toString(),
        isGap: s.isGap,
      })),
  )
  counts.audit = await writeArray(
    out,
    'audit',
    (after: bigint | undefined) =>
      db.auditLog.findMany({
        where: { orgId, ...(after !== undefined ? { id: { gt: after } } : {}) },
        orderBy: { id: 'asc' },
        take: PAGE,
        select: {
          id: true,
          at: true,
          actorType: true,
          actorUserId: true,
          action: true,
          targetType: true,
          targetId: true,
          reason: true,
          before: true,
          after: true,
        },
      }),
    (a) => a.id,
    async (page) => {
      const actors = await emailsOf(page.map((a) => a.actorUserId))
      return page.map(({ id: _id, actorUserId, at: when, ...a }) => ({
        at: iso(when),
        ...a,
        actor: actorUserId ? (actors.get(actorUserId) ?? null) : null,
      }))
    },
  )
  await out.write('\n}\n')
  return counts
}

export type BuildOutcome =
  | { status: 'missing' }
  | { status: 'READY' | 'EXPIRED' | 'FAILED'; sizeBytes: number | null; alreadyBuilt: true }
  | { status: 'READY'; sizeBytes: number; chunks: number; expiresAt: string; counts: Record<string, number>; alreadyBuilt: false }

export async function buildDataExport(exportId: string, options: { at?: Date; chunkBytes?: number } = {}): Promise<BuildOutcome> {
  const at = options.at ?? clockNow()
  const row = await db.dataExport.findUnique({ where: { id: exportId }, select: { orgId: true, status: true, sizeBytes: true } })
  if (!row) return { status: 'missing' }
  if (row.status !== 'QUEUED' && row.status !== 'BUILDING') return { status: row.status, sizeBytes: row.sizeBytes, alreadyBuilt: true }
  await db.dataExport.update({ where: { id: exportId }, data: { status: 'BUILDING', startedAt: at, error: null } })
  await db.dataExportChunk.deleteMany({ where: { exportId } })

  const out = new ChunkWriter(exportId, row.orgId, options.chunkBytes ?? CHUNK_BYTES)
  const counts = await writeDocument(out, row.orgId, at)
  await out.flush()
  const expiresAt = new Date(at.getTime() + EXPORT_TTL_DAYS * DAY)
  await db.dataExport.update({
    where: { id: exportId },
    data: { status: 'READY', sizeBytes: out.size, chunkCount: out.seq, readyAt: at, expiresAt },
  })
  return { status: 'READY', sizeBytes: out.size, chunks: out.seq, expiresAt: expiresAt.toISOString(), counts, alreadyBuilt: false }
}

/** The last attempt failed: the export shows as failed, its partial content is deleted. */
export async function markDataExportFailed(exportId: string, reason: string): Promise<void> {
  await db.dataExportChunk.deleteMany({ where: { exportId } })
  await db.dataExport.updateMany({
    where: { id: exportId, status: { in: ['QUEUED', 'BUILDING'] } },
    data: { status: 'FAILED', error: reason.slice(0, 500), chunkCount: 0 },
  })
}

/** Emails the owner who asked (once per export) where to download it. */
export async function notifyDataExportReady(exportId: string): Promise<number> {
  const row = await db.dataExport.findUnique({
    where: { id: exportId },
    select: {
      status: true,
      sizeBytes: true,
      expiresAt: true,
      org: { select: { id: true, name: true, slug: true } },
      requestedBy: { select: { id: true, email: true } },
    },
  })
  if (!row || row.status !== 'READY' || !row.requestedBy || !row.expiresAt) return 0
  const key = `data-export-ready:${exportId}`
  await jobs.send({
    name: 'notifications/email.requested',
    id: key,
    data: {
      template: 'data-export-ready',
      to: row.requestedBy.email,
      userId: row.requestedBy.id,
      orgId: row.org.id,
      dedupeKey: key,
      data: {
        orgName: row.org.name,
        url: `${getEnv().appUrl}/${row.org.slug}/settings#data-export`,
        expiresAt: row.expiresAt.toISOString(),
        sizeBytes: row.sizeBytes ?? 0,
      },
    },
  })
  return 1
}
