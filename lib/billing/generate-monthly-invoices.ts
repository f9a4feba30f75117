/**
 * The monthly run: one invoice per organization for the calendar month (UTC) that just ended.
 * A fixed number of queries whatever the number of organizations: the plan periods of the month,
 * the invoices already issued, the usage sums grouped by organization and metric (of those still
 * to invoice), then the new invoices and their lines in one statement each. An invoice is unique
 * per organization and period (number INV-<ORG>-<YYYYMM>), so a re-run creates nothing. Invoices totalling zero (free plans
 * within their included usage) are not issued. The snapshot keeps plan, rates, usage and tax as
 * computed: it never changes after issue. An organization with a Stripe subscription pays its
 * base fee through that subscription, so its invoice holds the rest (usage, domain, tax), which
 * pushInvoicesToStripe then puts on the customer's Stripe invoice.
 */
import crypto from 'node:crypto'
import { now } from '../clock'
import { db, Prisma } from '../db'
import { getEnv } from '../env'
import { findPlan } from '../plans/catalog'
import { calculateInvoice, invoiceNumber, monthOf, type CalculatedLine, type PlanSegment } from './invoice-calculation'

const DAY = 86_400_000
export const INVOICE_DUE_DAYS = 14

export interface MonthlyRunResult {
  periodStart: string
  organizations: number
  created: number
  alreadyIssued: number
  zeroTotal: number
  invoiceIds: string[]
}

/** A decimal sum in whole bytes / core-seconds, rounded half up (sub-unit amounts are noise). */
function wholeUnits(text: string): bigint {
  const [whole, frac = ''] = text.split('.')
  return BigInt(whole!) + (frac.length && frac[0]! >= '5' ? 1n : 0n)
}

/** An invoice of the run: what differs between its invoices (period, status, currency and dates are the run's). */
interface NewInvoice {
  id: string
  orgId: string
  number: string
  subtotalCents: number
  taxRateBps: number
  taxCents: number
  totalCents: number
  snapshot: object
}

type NewLine = CalculatedLine & { invoiceId: string; position: number }

/**
 * All invoices in one INSERT … SELECT unnest(…) and all their lines in another, whatever their
 * number (10,000 invoices take seconds: the caller's transaction allows more than Prisma's
 * default 5 seconds, seen in bench/invoices). Numbers go as text arrays cast in SQL.
 */
async function insertInvoices(
  tx: Prisma.TransactionClient,
  run: { periodStart: Date; periodEnd: Date; issuedAt: Date; dueAt: Date },
  invoices: NewInvoice[],
  lines: NewLine[],
): Promise<void> {
  const text = (values: unknown[]) => values.map((v) => String(v))
  const createdAt = new Date().toISOString()
  await tx.$executeRawUnsafe(
    `INSERT INTO "Invoice" ("id", "orgId", "number", "periodStart", "periodEnd", "status", "currency",
       "subtotalCents", "taxRateBps", "taxCents", "totalCents", "issuedAt", "dueAt", "snapshot", "createdAt", "updatedAt")
     SELECT i.id, i."orgId", i.number, $4::timestamp, $5::timestamp, 'OPEN', 'usd',
       i.sub, i.rate, i.tax, i.total, $6::timestamp, $7::timestamp, i.snapshot, $13::timestamp, $13::timestamp
     FROM unnest($1::text[], $2::text[], $3::text[],
       $8::text[]::int[], $9::text[]::int[], $10::text[]::int[], $11::text[]::int[], $12::text[]::jsonb[])
       AS i (id, "orgId", number, sub, rate, tax, total, snapshot)`,
    invoices.map((i) => i.id),
    invoices.map((i) => i.orgId),
    invoices.map((i) => i.number),
    run.periodStart.toISOString(),
    run.periodEnd.toISOString(),
    run.issuedAt.toISOString(),
    run.dueAt.toISOString(),
    text(invoices.map((i) => i.subtotalCents)),
    text(invoices.map((i) => i.taxRateBps)),
    text(invoices.map((i) => i.taxCents)),
    text(invoices.map((i) => i.totalCents)),
    invoices.map((i) => JSON.stringify(i.snapshot)),
    createdAt,
  )
  if (!lines.length) return
  await tx.$executeRawUnsafe(
    `INSERT INTO "InvoiceLine" ("id", "invoiceId", "position", "kind", "description", "quantity", "unit", "unitPriceCents", "amountCents")
     SELECT * FROM unnest($1::text[], $2::text[], $3::text[]::int[], $4::text[]::"InvoiceLineKind"[],
       $5::text[], $6::text[]::numeric[], $7::text[], $8::text[]::numeric[], $9::text[]::int[])`,
    lines.map(() => `invl_${crypto.randomUUID().replace(/-/g, '')}`),
    lines.map((l) => l.invoiceId),
    text(lines.map((l) => l.position)),
    lines.map((l) => l.kind),
    lines.map((l) => l.description),
    text(lines.map((l) => l.quantity)),
    lines.map((l) => l.unit),
    text(lines.map((l) => l.unitPriceCents)),
    text(lines.map((l) => l.amountCents)),
  )
}

/** The month before `at` (the run on the 1st invoices the month that just ended). */
export function previousMonth(at: Date): { periodStart: Date; periodEnd: Date } {
  return monthOf(new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth() - 1, 1)))
}

export async function generateMonthlyInvoices(input: { periodStart?: Date; at?: Date } = {}): Promise<MonthlyRunResult> {
  const at = input.at ?? now()
  const { periodStart, periodEnd } = input.periodStart ? monthOf(input.periodStart) : previousMonth(at)
  const taxRateBps = getEnv().TAX_RATE_BPS

  const periods = await db.planPeriod.findMany({
    where: { startsAt: { lt: periodEnd }, OR: [{ endsAt: null }, { endsAt: { gt: periodStart } }] },
    select: { orgId: true, planId: true, isPaid: true, customDomain: true, startsAt: true, endsAt: true, org: { select: { slug: true } } },
    orderBy: [{ orgId: 'asc' }, { startsAt: 'asc' }],
  })
  const issued = new Set((await db.invoice.findMany({ where: { periodStart }, select: { orgId: true } })).map((i) => i.orgId))
  // Usage is summed only for the organizations still to invoice (the month's sums are the run's
  // cost): a re-run reads the usage of those whose month came to zero, and no more.
  const pending = [...new Set(periods.map((p) => p.orgId))].filter((orgId) => !issued.has(orgId))
  const usage = pending.length
    ? await db.$queryRaw<{ orgId: string; metric: string; total: string }[]>(Prisma.sql`
    SELECT t."orgId" AS "orgId", s.metric::text AS metric, sum(s.value)::text AS total
    FROM "UsageSample" s JOIN "Tenant" t ON t.id = s."tenantId"
    WHERE NOT s."isGap" AND s."windowStart" >= ${periodStart} AND s."windowStart" < ${periodEnd}
      AND s.metric IN ('STORAGE_USED_BYTES', 'CPU_CORE_SECONDS', 'NETWORK_EGRESS_BYTES')
      AND t."orgId" = ANY(${pending}::text[])
    GROUP BY 1, 2`)
    : []
  const billedByStripe = new Set(
    (await db.subscription.findMany({ where: { stripeSubscriptionId: { not: null } }, select: { orgId: true } })).map((s) => s.orgId),
  )

  const usageOf = new Map<string, Record<string, bigint>>()
  for (const row of usage) {
    const entry = usageOf.get(row.orgId) ?? {}
    entry[row.metric] = wholeUnits(row.total)
    usageOf.set(row.orgId, entry)
  }
  const byOrg = new Map<string, { slug: string; segments: PlanSegment[] }>()
  for (const p of periods) {
    const plan = findPlan(p.planId)
    if (!plan) continue
    const entry = byOrg.get(p.orgId) ?? { slug: p.org.slug, segments: [] }
    entry.segments.push({ plan, from: p.startsAt, to: p.endsAt ?? periodEnd, isPaid: p.isPaid, customDomain: p.customDomain })
    byOrg.set(p.orgId, entry)
  }

  const invoices: NewInvoice[] = []
  const lines: NewLine[] = []
  let zeroTotal = 0
  for (const [orgId, { slug, segments }] of byOrg) {
    if (issued.has(orgId)) continue
    const u = usageOf.get(orgId) ?? {}
    const calc = calculateInvoice({
      periodStart,
      periodEnd,
      segments,
      usage: {
        storageByteHours: u.STORAGE_USED_BYTES ?? 0n,
        cpuCoreSeconds: u.CPU_CORE_SECONDS ?? 0n,
        egressBytes: u.NETWORK_EGRESS_BYTES ?? 0n,
      },
      taxRateBps,
      isBaseFeeBilledElsewhere: billedByStripe.has(orgId),
    })
    if (calc.totalCents === 0) {
      zeroTotal++
      continue
    }
    const id = `inv_${crypto.randomUUID().replace(/-/g, '')}`
    invoices.push({
      id,
      orgId,
      number: invoiceNumber(slug, periodStart),
      subtotalCents: calc.subtotalCents,
      taxRateBps: calc.taxRateBps,
      taxCents: calc.taxCents,
      totalCents: calc.totalCents,
      snapshot: {
        rounding: 'each line computed exactly, rounded once to cents half away from zero; tax = round(subtotal × rate)',
        baseFeeBilledBy: billedByStripe.has(orgId) ? 'stripe-subscription' : 'this-invoice',
        segments: segments.map((s) => ({
          planId: s.plan.id,
          from: s.from.toISOString(),
          to: s.to.toISOString(),
          isPaid: s.isPaid,
          priceCents: s.plan.priceCents,
          customDomain: s.customDomain ?? null,
        })),
        plan: (() => {
          const last = segments.at(-1)!.plan
          return {
            id: last.id,
            name: last.name,
            included: last.included,
            rates: last.rates,
            customDomainCentsPerMonth: last.customDomainCentsPerMonth,
          }
        })(),
        usage: {
          storageByteHours: String(u.STORAGE_USED_BYTES ?? 0n),
          cpuCoreSeconds: String(u.CPU_CORE_SECONDS ?? 0n),
          egressBytes: String(u.NETWORK_EGRESS_BYTES ?? 0n),
        },
        taxRateBps: calc.taxRateBps,
      },
    })
    calc.lines.forEach((line, position) => lines.push({ ...line, invoiceId: id, position }))
  }

  // All or nothing: a failed run leaves no half-issued month.
  if (invoices.length) {
    await db.$transaction(
      (tx) =>
        insertInvoices(
          tx,
          { periodStart, periodEnd, issuedAt: at, dueAt: new Date(at.getTime() + INVOICE_DUE_DAYS * DAY) },
          invoices,
          lines,
        ),
      { timeout: 300_000, maxWait: 30_000 },
    )
  }
  return {
    periodStart: periodStart.toISOString(),
    organizations: byOrg.size,
    created: invoices.length,
    alreadyIssued: issued.size,
    zeroTotal,
    invoiceIds: invoices.map((i) => i.id),
  }
}
