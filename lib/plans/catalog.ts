/**
 * The plan catalog (DESIGN.md §4): one definition per plan drives the pricing page, the
 * cluster quotas, the Helm values, the Stripe price lookup keys and invoicing.
 * Money is integer cents; rates are cents per unit and may be fractional.
 */
import { z } from 'zod'

export const PLAN_IDS = ['demo', 'free', 'pro', 'enterprise'] as const
export type PlanId = (typeof PLAN_IDS)[number]

const cents = z.number().int().min(0)

export const planSchema = z.object({
  id: z.enum(PLAN_IDS),
  name: z.string().min(1),
  tagline: z.string(),
  /** Monthly price in cents; null = priced by contract ("contact us"). */
  priceCents: cents.nullable(),
  interval: z.literal('month'),
  /** Trial length for paid plans; 0 = none. */
  trialDays: z.number().int().min(0),
  /** The instance expires this many days after creation (demo); null = never. */
  expiresAfterDays: z.number().int().positive().nullable(),
  requiresPayment: z.boolean(),
  stripeLookupKey: z.string().nullable(),
  limits: z.object({
    cpuMillicores: z.number().int().positive(),
    memoryMiB: z.number().int().positive(),
    storageGiB: z.number().int().positive(),
    pods: z.number().int().positive(),
    replicas: z.number().int().positive(),
    databaseInstances: z.number().int().positive(),
    backups: z.boolean(),
  }),
  included: z.object({ storageGbMonths: z.number().min(0), cpuHours: z.number().min(0), bandwidthGb: z.number().min(0) }),
  rates: z.object({ storageCentsPerGbMonth: z.number().min(0), cpuCentsPerHour: z.number().min(0), bandwidthCentsPerGb: z.number().min(0) }),
  features: z.array(z.string()),
})

export type Plan = z.infer<typeof planSchema>

export const catalogSchema = z
  .array(planSchema)
  .refine((plans) => new Set(plans.map((p) => p.id)).size === plans.length, 'plan ids must be unique')

const usageRates = { storageCentsPerGbMonth: 5, cpuCentsPerHour: 10, bandwidthCentsPerGb: 12 }

export const DEFAULT_CATALOG: Plan[] = catalogSchema.parse([
  {
    id: 'demo',
    name: 'Demo',
    tagline: 'Kick the tyres for a week.',
    priceCents: 0,
    interval: 'month',
    trialDays: 0,
    expiresAfterDays: 7,
    requiresPayment: false,
    stripeLookupKey: null,
    limits: { cpuMillicores: 500, memoryMiB: 1024, storageGiB: 5, pods: 10, replicas: 1, databaseInstances: 1, backups: false },
    included: { storageGbMonths: 5, cpuHours: 100, bandwidthGb: 5 },
    rates: usageRates,
    features: ['1 replica', '5 GiB storage', 'Expires after 7 days'],
  },
  {
    id: 'free',
    name: 'Free',
    tagline: 'For side projects and small teams.',
    priceCents: 0,
    interval: 'month',
    trialDays: 0,
    expiresAfterDays: null,
    requiresPayment: false,
    stripeLookupKey: null,
    limits: { cpuMillicores: 1000, memoryMiB: 2048, storageGiB: 10, pods: 15, replicas: 1, databaseInstances: 1, backups: false },
    included: { storageGbMonths: 10, cpuHours: 200, bandwidthGb: 10 },
    rates: usageRates,
    features: ['1 replica', '10 GiB storage', 'Community support'],
  },
  {
    id: 'pro',
    name: 'Pro',
    tagline: 'Production workloads with backups.',
    priceCents: 4900,
    interval: 'month',
    trialDays: 14,
    expiresAfterDays: null,
    requiresPayment: true,
    stripeLookupKey: 'tenancy_pro_monthly',
    limits: { cpuMillicores: 4000, memoryMiB: 8192, storageGiB: 50, pods: 40, replicas: 2, databaseInstances: 1, backups: true },
    included: { storageGbMonths: 50, cpuHours: 1000, bandwidthGb: 100 },
    rates: usageRates,
    features: ['2 replicas', '50 GiB storage', 'Daily backups', 'Custom domain', 'Email support'],
  },
  {
    id: 'enterprise',
    name: 'Enterprise',
    tagline: 'High availability and a contract that fits.',
    priceCents: null,
    interval: 'month',
    trialDays: 14,
    expiresAfterDays: null,
    requiresPayment: true,
    stripeLookupKey: 'tenancy_enterprise_monthly',
    limits: { cpuMillicores: 16000, memoryMiB: 32768, storageGiB: 200, pods: 100, replicas: 3, databaseInstances: 3, backups: true },
    included: { storageGbMonths: 200, cpuHours: 5000, bandwidthGb: 1000 },
    rates: usageRates,
    features: ['3 replicas', '200 GiB storage', 'HA database', 'Daily backups', 'Custom domain', 'Priority support'],
  },
])

export function findPlan(id: string, catalog: Plan[] = DEFAULT_CATALOG): Plan | undefined {
  return catalog.find((p) => p.id === id)
}

export function formatPrice(plan: Pick<Plan, 'priceCents'>): string {
  if (plan.priceCents === null) return 'Custom'
  if (plan.priceCents === 0) return '$0'
  return `$${(plan.priceCents / 100).toFixed(plan.priceCents % 100 === 0 ? 0 : 2)}`
}
