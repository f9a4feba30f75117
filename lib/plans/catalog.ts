/**
 * The plan catalog (DESIGN.md §4): one definition per plan drives the pricing page, the
 * cluster quotas, the Helm values, the Stripe price lookup keys and invoicing.
 * Money is integer cents; rates are cents per unit and may be fractional.
 *
 * An operator overrides it with a JSON file (PLANS_FILE): `{ "plans": [{ "id": "pro",
 * "priceCents": 5900 }, …] }`. Each entry is merged field by field over the built-in plan of
 * that id (arrays such as `features` are replaced), and the result is validated like the
 * built-in catalog. A bad file stops the process at start with one line naming the field.
 */
import { z } from 'zod'
import { applyJsonConfigFile } from '../config-file'
import { getEnv } from '../env'

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
  rates: z.object({
    storageCentsPerGbMonth: z.number().min(0),
    cpuCentsPerHour: z.number().min(0),
    bandwidthCentsPerGb: z.number().min(0),
  }),
  /** Monthly fee for serving the instance on the customer's own domain; 0 = included, null = not offered. */
  customDomainCentsPerMonth: cents.nullable(),
  features: z.array(z.string()),
})

export type Plan = z.infer<typeof planSchema>

export const catalogSchema = z
  .array(
    planSchema
      .refine((p) => !p.requiresPayment || p.stripeLookupKey !== null, {
        message: 'a plan that requires payment needs a stripeLookupKey',
        path: ['stripeLookupKey'],
      })
      .refine((p) => p.requiresPayment || !p.priceCents, {
        message: 'a plan with a price must require payment',
        path: ['requiresPayment'],
      }),
  )
  .refine((plans) => new Set(plans.map((p) => p.id)).size === plans.length, 'plan ids must be unique')
  .refine((plans) => {
    const keys = plans.map((p) => p.stripeLookupKey).filter((k) => k !== null)
    return new Set(keys).size === keys.length
  }, 'Stripe lookup keys must be unique')

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
    customDomainCentsPerMonth: null,
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
    customDomainCentsPerMonth: null,
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
    customDomainCentsPerMonth: 0,
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
    customDomainCentsPerMonth: 0,
    features: ['3 replicas', '200 GiB storage', 'HA database', 'Daily backups', 'Custom domain', 'Priority support'],
  },
])

const overrideFileSchema = z.object({ plans: z.array(z.object({ id: z.enum(PLAN_IDS) }).passthrough()) }).strict()

type Json = Record<string, unknown>
const isObject = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v)

/** `override` over `base`, field by field; a field the base does not have is an error (a typo must not pass silently). */
function mergeInto(base: Json, override: Json, path: string): Json {
  const merged: Json = { ...base }
  for (const [key, value] of Object.entries(override)) {
    if (!(key in base)) throw new Error(`${path}.${key} is not a plan field`)
    merged[key] = isObject(base[key]) && isObject(value) ? mergeInto(base[key] as Json, value, `${path}.${key}`) : value
  }
  return merged
}

/** The built-in catalog with an operator's overrides applied (the parsed contents of PLANS_FILE). */
export function mergeCatalog(defaults: Plan[], override: unknown): Plan[] {
  const file = overrideFileSchema.safeParse(override)
  if (!file.success) {
    const issue = file.error.issues[0]!
    throw new Error(
      `${issue.path.length ? issue.path.join('.') : 'the file'}: ` +
        (issue.code === 'unrecognized_keys' ? 'only "plans" is allowed at the top level' : issue.message),
    )
  }
  const seen = new Set<string>()
  const byId = new Map(defaults.map((p) => [p.id, p as unknown as Json]))
  file.data.plans.forEach((entry, i) => {
    if (seen.has(entry.id)) throw new Error(`plans[${i}].id: "${entry.id}" appears twice`)
    seen.add(entry.id)
    byId.set(entry.id, mergeInto(byId.get(entry.id)!, entry, `plans[${i}]`))
  })
  const merged = catalogSchema.safeParse([...byId.values()])
  if (!merged.success) {
    const issue = merged.error.issues[0]!
    const [index, ...rest] = issue.path
    const where = typeof index === 'number' ? `plan "${[...byId.keys()][index]}"${rest.length ? `.${rest.join('.')}` : ''}` : 'the catalog'
    throw new Error(`${where}: ${issue.message}`)
  }
  return merged.data
}

/** Reads and applies PLANS_FILE; errors name the file's problem on one line (ConfigError). */
export function loadCatalog(file: string | undefined): Plan[] {
  if (!file) return DEFAULT_CATALOG
  return applyJsonConfigFile('PLANS_FILE', file, (parsed) => mergeCatalog(DEFAULT_CATALOG, parsed))
}

const KEY = Symbol.for('tenancy.plans.catalog')
const holder = ((globalThis as Record<symbol, { catalog?: Plan[] }>)[KEY] ??= {})

/** The catalog in force: the built-in one, or with PLANS_FILE applied (read once per process). */
export function getCatalog(): Plan[] {
  holder.catalog ??= loadCatalog(getEnv().PLANS_FILE)
  return holder.catalog
}

/** Tests and tools: forget the loaded catalog (the next call reads the configuration again). */
export function resetCatalogCache(): void {
  holder.catalog = undefined
}

export function findPlan(id: string, catalog: Plan[] = getCatalog()): Plan | undefined {
  return catalog.find((p) => p.id === id)
}

// Many pages import the price format from the catalog; it lives with the other formatters.
export { formatPrice } from '../format/money'
