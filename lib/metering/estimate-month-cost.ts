/**
 * Month-to-date cost estimate of an organization from its plan: the base fee, plus usage above
 * the plan's included amounts at its rates — storage in GB-months (each hour's GB over the
 * month's hours), CPU in core-hours, bandwidth in GB (10^9 bytes) — plus tax at the configured
 * rate. Gap windows count as no usage. An estimate, not an invoice: invoices are issued by billing.
 */
import { z } from 'zod'
import { db, Prisma } from '../db'
import { getEnv } from '../env'
import { findPlan } from '../plans/catalog'
import { GB } from './get-usage-series'

export const estimateMonthCostSchema = z.object({ orgId: z.string().min(1), now: z.date().optional() })

export interface CostLine {
  key: 'storage' | 'cpu' | 'bandwidth'
  label: string
  unit: string
  quantity: number
  included: number
  billable: number
  rateCents: number
  amountCents: number
}

export interface MonthCostEstimate {
  planName: string
  periodStart: string
  asOf: string
  baseCents: number
  lines: CostLine[]
  subtotalCents: number
  taxRateBps: number
  taxCents: number
  totalCents: number
}

export async function estimateMonthCost(input: z.input<typeof estimateMonthCostSchema>): Promise<MonthCostEstimate | null> {
  const { orgId, now = new Date() } = estimateMonthCostSchema.parse(input)
  const tenant = await db.tenant.findFirst({ where: { orgId }, orderBy: { createdAt: 'asc' }, select: { planId: true } })
  const plan = tenant && findPlan(tenant.planId)
  if (!plan) return null
  const periodStart = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1))
  const nextMonth = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1))
  const hoursInMonth = (nextMonth.getTime() - periodStart.getTime()) / 3_600_000
  const sums = await db.$queryRaw<{ metric: string; total: number | null }[]>(Prisma.sql`
    SELECT s.metric::text AS metric, sum(s.value)::float8 AS total
    FROM "UsageSample" s JOIN "Tenant" t ON t.id = s."tenantId"
    WHERE t."orgId" = ${orgId} AND NOT s."isGap" AND s."windowStart" >= ${periodStart} AND s."windowStart" < ${now}
      AND s.metric IN ('STORAGE_USED_BYTES', 'CPU_CORE_SECONDS', 'NETWORK_EGRESS_BYTES')
    GROUP BY 1`)
  const total = (metric: string) => sums.find((s) => s.metric === metric)?.total ?? 0
  const line = (key: CostLine['key'], label: string, unit: string, quantity: number, included: number, rateCents: number): CostLine => {
    const billable = Math.max(0, quantity - included)
    return {
      key,
      label,
      unit,
      quantity: round(quantity),
      included,
      billable: round(billable),
      rateCents,
      amountCents: Math.round(billable * rateCents),
    }
  }
  const lines = [
    line(
      'storage',
      'Storage',
      'GB-month',
      total('STORAGE_USED_BYTES') / GB / hoursInMonth,
      plan.included.storageGbMonths,
      plan.rates.storageCentsPerGbMonth,
    ),
    line('cpu', 'Compute', 'vCPU-hour', total('CPU_CORE_SECONDS') / 3600, plan.included.cpuHours, plan.rates.cpuCentsPerHour),
    line('bandwidth', 'Bandwidth', 'GB', total('NETWORK_EGRESS_BYTES') / GB, plan.included.bandwidthGb, plan.rates.bandwidthCentsPerGb),
  ]
  const baseCents = plan.priceCents ?? 0
  const subtotalCents = baseCents + lines.reduce((s, l) => s + l.amountCents, 0)
  const taxRateBps = getEnv().TAX_RATE_BPS
  const taxCents = Math.round((subtotalCents * taxRateBps) / 10_000)
  return {
    planName: plan.name,
    periodStart: periodStart.toISOString(),
    asOf: now.toISOString(),
    baseCents,
    lines,
    subtotalCents,
    taxRateBps,
    taxCents,
    totalCents: subtotalCents + taxCents,
  }
}

function round(value: number): number {
  return Math.round(value * 1000) / 1000
}
