/**
 * The plan catalog (DESIGN.md §4): one definition per plan drives the pricing page, the
 * cluster quotas, the Helm values, the Stripe price lookup keys and invoicing.
 * Money is integer cents; rates are cents per unit and may be fractional.
 *
 * Plans belong to an app (issue 15): the built-in ones come with the shipped apps
 * (apps/<id>.json). A plan id is unique across the whole catalog, so a subscription, an invoice
 * or a Stripe price names its plan without its app; the generic app's plans keep the ids they
 * always had (demo, free, pro, enterprise).
 *
 * An operator overrides it with a JSON file (PLANS_FILE): `{ "plans": [{ "id": "pro",
 * "priceCents": 5900 }, …] }`. An entry with a built-in id is merged field by field over that
 * plan (arrays such as `features` are replaced); an entry with a new id is a whole plan, with the
 * `app` it belongs to. The result is validated like the built-in catalog, and against the apps
 * at start (lib/apps/catalog.ts). A bad file stops the process at start with one line naming the field.
 */
import { z } from 'zod'
import { applyJsonConfigFile } from '../config-file'
import { BUILT_IN_APP_FILES } from '../apps/built-in'
import { getEnv } from '../env'

const kebab = z
  .string()
  .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, 'must be kebab-case (lowercase letters, digits and dashes, at most 63)')

const cents = z.number().int().min(0)

export const planSchema = z.object({
  id: kebab,
  /** The app this plan sells (lib/apps/catalog.ts). */
  app: kebab,
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
  /** What the instance may use, by the app's entitlement or seat name: a limit, a flag, or null for unlimited. */
  entitlements: z.record(kebab, z.union([z.number().int().min(0), z.boolean(), z.null()])).default({}),
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

/** The built-in plans: those of the shipped apps (apps/<id>.json), each marked with its app. */
export const DEFAULT_CATALOG: Plan[] = catalogSchema.parse(
  BUILT_IN_APP_FILES.flatMap((file) => file.plans.map((plan) => ({ app: (file.app as { id: string }).id, ...plan }))),
)

const overrideFileSchema = z.object({ plans: z.array(z.object({ id: kebab }).passthrough()) }).strict()

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
    const base = byId.get(entry.id)
    byId.set(entry.id, base ? mergeInto(base, entry, `plans[${i}]`) : entry)
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

/** The plans of one app, in catalog order (an instance only ever moves between these). */
export function plansOf(appId: string, catalog: Plan[] = getCatalog()): Plan[] {
  return catalog.filter((p) => p.app === appId)
}

// Many pages import the price format from the catalog; it lives with the other formatters.
export { formatPrice } from '../format/money'
