/**
 * The invoice of one organization for one calendar month (UTC), as a pure function.
 *
 * Money is integer cents. Quantities are decimals. The one rounding rule: every line amount is
 * computed exactly (rational arithmetic on integers) and rounded ONCE to whole cents, half away
 * from zero; tax is the subtotal times the rate in basis points, rounded the same way; the total
 * is subtotal + tax. Nothing is rounded twice.
 *
 * - Base fee: the plan's monthly price times the share of the month spent on that plan while
 *   paying (trials, pauses and free plans cost nothing), one line per plan held — unless the base
 *   fee is billed elsewhere (a Stripe subscription charges it), when there is no base line.
 * - Domain fee: the plan's customDomainCentsPerMonth times the share of the month a custom domain
 *   was served while paying, one line per (domain, plan); nothing when the plan includes it.
 * - Usage beyond the included amounts of the plan held at the end of the month:
 *   storage as time-weighted GB-months (Σ hourly bytes / 10^9 / hours in the month),
 *   compute in vCPU-hours (Σ core-seconds / 3600), bandwidth in GB (Σ bytes / 10^9).
 */
import type { Plan } from '../plans/catalog'

export type InvoiceLineKind = 'BASE' | 'STORAGE' | 'COMPUTE' | 'BANDWIDTH' | 'DOMAIN' | 'ADJUSTMENT'

export interface PlanSegment {
  plan: Plan
  from: Date
  to: Date
  /** False for trials, pauses and anything not billed. */
  isPaid: boolean
  /** The custom domain served during the segment, if any. */
  customDomain?: string | null
}

export interface UsageTotals {
  /** Σ over the month's hourly windows of bytes stored (all volumes). */
  storageByteHours: bigint
  cpuCoreSeconds: bigint
  egressBytes: bigint
}

export interface CalculatedLine {
  kind: InvoiceLineKind
  description: string
  quantity: string
  unit: string
  unitPriceCents: string
  amountCents: number
}

export interface CalculatedInvoice {
  periodStart: Date
  periodEnd: Date
  lines: CalculatedLine[]
  subtotalCents: number
  taxRateBps: number
  taxCents: number
  totalCents: number
}

/** A non-negative rational n/d. */
interface Q {
  n: bigint
  d: bigint
}

const q = (n: bigint, d = 1n): Q => ({ n, d })

/** Round half away from zero to an integer. */
export function roundHalfAwayFromZero(value: Q): bigint {
  const negative = value.n < 0n !== value.d < 0n
  const n = value.n < 0n ? -value.n : value.n
  const d = value.d < 0n ? -value.d : value.d
  const rounded = (2n * n + d) / (2n * d)
  return negative ? -rounded : rounded
}

/** A decimal string with `places` digits (truncated toward zero; for display of quantities only). */
export function decimal(value: Q, places = 6): string {
  const scale = 10n ** BigInt(places)
  const scaled = (value.n * scale) / value.d
  const whole = scaled / scale
  const frac = (scaled % scale).toString().padStart(places, '0')
  return `${whole}.${frac}`
}

/** Cents per unit (possibly fractional, like 0.05 $/GB-month = 5 cents) as an exact rational. */
function rate(cents: number): Q {
  const text = cents.toString()
  const [whole, frac = ''] = text.split('.')
  const scale = 10n ** BigInt(frac.length)
  return q(BigInt(whole!) * scale + BigInt(frac || '0'), scale)
}

const mul = (a: Q, b: Q): Q => q(a.n * b.n, a.d * b.d)
const sub = (a: Q, b: Q): Q => q(a.n * b.d - b.n * a.d, a.d * b.d)
const positive = (a: Q): Q => (a.n < 0n ? q(0n) : a)

export function monthOf(date: Date): { periodStart: Date; periodEnd: Date } {
  return {
    periodStart: new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth(), 1)),
    periodEnd: new Date(Date.UTC(date.getUTCFullYear(), date.getUTCMonth() + 1, 1)),
  }
}

export function calculateInvoice(input: {
  periodStart: Date
  periodEnd: Date
  segments: PlanSegment[]
  usage: UsageTotals
  taxRateBps: number
  /** The base fee is charged by a Stripe subscription: no base lines here. */
  isBaseFeeBilledElsewhere?: boolean
}): CalculatedInvoice {
  const { periodStart, periodEnd } = input
  const periodMs = BigInt(periodEnd.getTime() - periodStart.getTime())
  const hoursInPeriod = periodMs / 3_600_000n
  const lines: CalculatedLine[] = []

  // Base fee: one line per paid plan, its share of the month.
  const paidMs = new Map<string, { plan: Plan; ms: bigint }>()
  for (const s of input.segments) {
    if (!s.isPaid || !s.plan.priceCents) continue
    const from = Math.max(s.from.getTime(), periodStart.getTime())
    const to = Math.min(s.to.getTime(), periodEnd.getTime())
    if (to <= from) continue
    const entry = paidMs.get(s.plan.id) ?? { plan: s.plan, ms: 0n }
    entry.ms += BigInt(to - from)
    paidMs.set(s.plan.id, entry)
  }
  for (const { plan, ms } of input.isBaseFeeBilledElsewhere ? [] : paidMs.values()) {
    const share = q(ms, periodMs)
    lines.push({
      kind: 'BASE',
      description: `${plan.name} plan${ms === periodMs ? '' : ' (part of the month)'}`,
      quantity: decimal(share),
      unit: 'month',
      unitPriceCents: decimal(q(BigInt(plan.priceCents!))),
      amountCents: Number(roundHalfAwayFromZero(mul(share, q(BigInt(plan.priceCents!))))),
    })
  }

  // Domain fee: per (domain, plan), the share of the month the domain was served while paying.
  const domainMs = new Map<string, { domain: string; plan: Plan; ms: bigint }>()
  for (const s of input.segments) {
    if (!s.isPaid || !s.customDomain || !s.plan.customDomainCentsPerMonth) continue
    const from = Math.max(s.from.getTime(), periodStart.getTime())
    const to = Math.min(s.to.getTime(), periodEnd.getTime())
    if (to <= from) continue
    const key = `${s.customDomain}\u0000${s.plan.id}`
    const entry = domainMs.get(key) ?? { domain: s.customDomain, plan: s.plan, ms: 0n }
    entry.ms += BigInt(to - from)
    domainMs.set(key, entry)
  }
  for (const { domain, plan, ms } of domainMs.values()) {
    const share = q(ms, periodMs)
    const fee = q(BigInt(plan.customDomainCentsPerMonth!))
    lines.push({
      kind: 'DOMAIN',
      description: `Custom domain ${domain}${ms === periodMs ? '' : ' (part of the month)'}`,
      quantity: decimal(share),
      unit: 'month',
      unitPriceCents: decimal(fee),
      amountCents: Number(roundHalfAwayFromZero(mul(share, fee))),
    })
  }

  // Usage beyond the included amounts of the plan held at the end of the month.
  const last = [...input.segments].sort((a, b) => a.to.getTime() - b.to.getTime()).at(-1)
  if (last) {
    const plan = last.plan
    const GB = 1_000_000_000n
    const usage: [InvoiceLineKind, string, string, Q, number, number][] = [
      [
        'STORAGE',
        'Storage beyond the included',
        'GB-month',
        q(input.usage.storageByteHours, GB * hoursInPeriod),
        plan.included.storageGbMonths,
        plan.rates.storageCentsPerGbMonth,
      ],
      [
        'COMPUTE',
        'Compute beyond the included',
        'vCPU-hour',
        q(input.usage.cpuCoreSeconds, 3600n),
        plan.included.cpuHours,
        plan.rates.cpuCentsPerHour,
      ],
      [
        'BANDWIDTH',
        'Bandwidth beyond the included',
        'GB',
        q(input.usage.egressBytes, GB),
        plan.included.bandwidthGb,
        plan.rates.bandwidthCentsPerGb,
      ],
    ]
    for (const [kind, description, unit, used, included, cents] of usage) {
      const billable = positive(sub(used, rate(included)))
      if (billable.n === 0n) continue
      const r = rate(cents)
      lines.push({
        kind,
        description: `${description} ${included} ${unit}${included === 1 ? '' : 's'}`,
        quantity: decimal(billable),
        unit,
        unitPriceCents: decimal(r),
        amountCents: Number(roundHalfAwayFromZero(mul(billable, r))),
      })
    }
  }

  const subtotalCents = lines.reduce((sum, l) => sum + l.amountCents, 0)
  const taxCents = Number(roundHalfAwayFromZero(q(BigInt(subtotalCents) * BigInt(input.taxRateBps), 10_000n)))
  return { periodStart, periodEnd, lines, subtotalCents, taxRateBps: input.taxRateBps, taxCents, totalCents: subtotalCents + taxCents }
}

/** INV-<ORG>-<YYYYMM>: the organization's address upper-cased and the month. */
export function invoiceNumber(orgSlug: string, periodStart: Date): string {
  return `INV-${orgSlug.toUpperCase()}-${periodStart.getUTCFullYear()}${String(periodStart.getUTCMonth() + 1).padStart(2, '0')}`
}
