import { describe, expect, it } from 'vitest'
import { findPlan } from '../plans/catalog'
import { calculateInvoice, invoiceNumber, roundHalfAwayFromZero, type PlanSegment, type UsageTotals } from './invoice-calculation'

const pro = findPlan('pro')!
const free = findPlan('free')!
// November 2026: 30 days, 720 hours.
const periodStart = new Date('2026-11-01T00:00:00Z')
const periodEnd = new Date('2026-12-01T00:00:00Z')
const day = (n: number) => new Date(Date.UTC(2026, 10, n))
const none: UsageTotals = { storageByteHours: 0n, cpuCoreSeconds: 0n, egressBytes: 0n }

/**
 * The independent calculation: plain numbers, days instead of milliseconds, amounts in
 * micro-cents (integers), rounded half up at the end. Written from the rules, not from the code.
 */
function expected(c: {
  paidDays: { price: number; days: number }[]
  domainDays?: { fee: number; days: number }[]
  storageGb?: number
  cpuHours?: number
  egressGb?: number
  included: { storageGbMonths: number; cpuHours: number; bandwidthGb: number }
  taxBps: number
}) {
  const roundCents = (micro: number) => Math.floor((micro + 500_000) / 1_000_000)
  const base = [
    ...c.paidDays.map((p) => roundCents((p.price * 1_000_000 * p.days) / 30)),
    ...(c.domainDays ?? []).map((d) => roundCents((d.fee * 1_000_000 * d.days) / 30)),
  ]
  const over = (used: number, included: number, centsPerUnit: number) => roundCents(Math.max(0, used - included) * centsPerUnit * 1_000_000)
  const usage = [
    over(c.storageGb ?? 0, c.included.storageGbMonths, 5),
    over(c.cpuHours ?? 0, c.included.cpuHours, 10),
    over(c.egressGb ?? 0, c.included.bandwidthGb, 12),
  ]
  const subtotal = [...base, ...usage].reduce((a, b) => a + b, 0)
  const tax = Math.floor((subtotal * c.taxBps + 5_000) / 10_000)
  return { subtotal, tax, total: subtotal + tax }
}

const segment = (plan = pro, from = periodStart, to = periodEnd, isPaid = true, customDomain: string | null = null): PlanSegment => ({
  plan,
  from,
  to,
  isPaid,
  customDomain,
})
// An operator's catalog (PLANS_FILE) may charge for custom domains: $7.99 a month on pro.
const proWithDomainFee = { ...pro, customDomainCentsPerMonth: 799 }

const cases: {
  name: string
  segments: PlanSegment[]
  usage?: UsageTotals
  taxBps?: number
  baseElsewhere?: boolean
  want: Parameters<typeof expected>[0]
}[] = [
  {
    name: 'a full month of pro, zero usage',
    segments: [segment()],
    want: { paidDays: [{ price: 4900, days: 30 }], included: pro.included, taxBps: 800 },
  },
  {
    name: 'mid-month sign-up (paying from the 16th)',
    segments: [segment(pro, day(16))],
    want: { paidDays: [{ price: 4900, days: 15 }], included: pro.included, taxBps: 800 },
  },
  {
    name: 'a 14-day trial, then paying',
    segments: [segment(pro, periodStart, day(15), false), segment(pro, day(15), periodEnd)],
    want: { paidDays: [{ price: 4900, days: 16 }], included: pro.included, taxBps: 800 },
  },
  {
    name: 'upgrade from free to pro on the 11th (a third of a cent rounds down)',
    segments: [segment(free, periodStart, day(11), true), segment(pro, day(11), periodEnd)],
    want: { paidDays: [{ price: 4900, days: 20 }], included: pro.included, taxBps: 800 },
  },
  {
    name: 'usage over the included amounts: 60 GB all month, 1,100 vCPU-hours, 100.5 GB out',
    segments: [segment()],
    usage: { storageByteHours: 60_000_000_000n * 720n, cpuCoreSeconds: 1100n * 3600n, egressBytes: 100_500_000_000n },
    want: { paidDays: [{ price: 4900, days: 30 }], storageGb: 60, cpuHours: 1100, egressGb: 100.5, included: pro.included, taxBps: 800 },
  },
  {
    name: 'usage under the included amounts costs nothing',
    segments: [segment()],
    usage: { storageByteHours: 49_000_000_000n * 720n, cpuCoreSeconds: 999n * 3600n, egressBytes: 99_000_000_000n },
    want: { paidDays: [{ price: 4900, days: 30 }], storageGb: 49, cpuHours: 999, egressGb: 99, included: pro.included, taxBps: 800 },
  },
  {
    name: 'tax of exactly half a cent rounds away from zero (12.5% of $49)',
    segments: [segment()],
    taxBps: 1250,
    want: { paidDays: [{ price: 4900, days: 30 }], included: pro.included, taxBps: 1250 },
  },
  {
    name: 'the free plan with zero usage is zero',
    segments: [segment(free)],
    want: { paidDays: [], included: free.included, taxBps: 800 },
  },
  {
    name: 'free plan over its included storage pays the overage only (15 GB for half the month)',
    segments: [segment(free)],
    usage: { storageByteHours: 15_000_000_000n * 360n + 10_000_000_000n * 360n, cpuCoreSeconds: 0n, egressBytes: 0n },
    want: { paidDays: [], storageGb: 12.5, included: free.included, taxBps: 800 },
  },
  {
    name: 'a custom domain from the 21st at $7.99 a month (10 days of 30)',
    segments: [segment(proWithDomainFee, periodStart, day(21)), segment(proWithDomainFee, day(21), periodEnd, true, 'app.example.org')],
    want: { paidDays: [{ price: 4900, days: 30 }], domainDays: [{ fee: 799, days: 10 }], included: pro.included, taxBps: 800 },
  },
  {
    name: 'a custom domain during a trial costs nothing, nor where the plan includes it',
    segments: [
      segment(proWithDomainFee, periodStart, day(15), false, 'app.example.org'),
      segment(pro, day(15), periodEnd, true, 'app.example.org'),
    ],
    want: { paidDays: [{ price: 4900, days: 16 }], included: pro.included, taxBps: 800 },
  },
  {
    name: 'base fee charged by a Stripe subscription: usage, domain and their tax only',
    segments: [segment(proWithDomainFee, periodStart, periodEnd, true, 'app.example.org')],
    usage: { storageByteHours: 0n, cpuCoreSeconds: 1100n * 3600n, egressBytes: 0n },
    baseElsewhere: true,
    want: { paidDays: [], domainDays: [{ fee: 799, days: 30 }], cpuHours: 1100, included: pro.included, taxBps: 800 },
  },
]

describe('invoice calculation', () => {
  it.each(cases)('$name', ({ segments, usage, taxBps, baseElsewhere, want }) => {
    const invoice = calculateInvoice({
      periodStart,
      periodEnd,
      segments,
      usage: usage ?? none,
      taxRateBps: taxBps ?? 800,
      isBaseFeeBilledElsewhere: baseElsewhere,
    })
    const independent = expected(want)
    expect({ subtotal: invoice.subtotalCents, tax: invoice.taxCents, total: invoice.totalCents }).toEqual(independent)
    expect(invoice.lines.reduce((s, l) => s + l.amountCents, 0)).toBe(invoice.subtotalCents)
    for (const line of invoice.lines) expect(Number.isInteger(line.amountCents)).toBe(true)
  })

  it('names the domain line with the domain and its share of the month', () => {
    const invoice = calculateInvoice({
      periodStart,
      periodEnd,
      segments: [segment(proWithDomainFee, periodStart, day(21)), segment(proWithDomainFee, day(21), periodEnd, true, 'app.example.org')],
      usage: none,
      taxRateBps: 0,
    })
    expect(invoice.lines.map((l) => [l.kind, l.description, l.quantity, l.unitPriceCents, l.amountCents])).toEqual([
      ['BASE', 'Pro plan', '1.000000', '4900.000000', 4900],
      ['DOMAIN', 'Custom domain app.example.org (part of the month)', '0.333333', '799.000000', 266],
    ])
  })

  it('names the lines with exact decimal quantities', () => {
    const invoice = calculateInvoice({
      periodStart,
      periodEnd,
      segments: [segment(pro, day(11))],
      usage: { storageByteHours: 60_000_000_000n * 720n, cpuCoreSeconds: 0n, egressBytes: 0n },
      taxRateBps: 800,
    })
    expect(invoice.lines.map((l) => [l.kind, l.quantity, l.unit, l.unitPriceCents, l.amountCents])).toEqual([
      ['BASE', '0.666666', 'month', '4900.000000', 3267],
      ['STORAGE', '10.000000', 'GB-month', '5.000000', 50],
    ])
  })

  it('rounds half away from zero, once', () => {
    expect([
      roundHalfAwayFromZero({ n: 5n, d: 2n }),
      roundHalfAwayFromZero({ n: 7n, d: 3n }),
      roundHalfAwayFromZero({ n: -5n, d: 2n }),
      roundHalfAwayFromZero({ n: 8n, d: 3n }),
    ]).toEqual([3n, 2n, -3n, 3n])
  })

  it('numbers invoices INV-<ORG>-<YYYYMM>', () => {
    expect(invoiceNumber('acme-corp', periodStart)).toBe('INV-ACME-CORP-202611')
  })
})
