/**
 * An app definition (DESIGN.md §7, issue 15): everything Tenancy needs to sell one app — its chart
 * (pinned), its versions, its components and their share of a plan, volumes, generated secrets,
 * exposure, egress, health check, the meters/entitlements/seats it reports, and a declarative
 * mapping from named tenant facts to chart values. No app-specific code: an app is this data.
 *
 * Shares are fractions of the plan (CPU and memory for components, storage for volumes) for all of
 * a component's replicas together; each kind sums to at most 1.
 *
 * Facts are what the platform knows about a tenant (FACT_NAMES and the per-app families
 * `component.<name>.*`, `volume.<name>.*`, `secret.<name>…`); `checkAppDefinition` refuses a mapping
 * that names anything else. This first part only declares and checks; provisioning does not read it yet.
 */
import { z } from 'zod'

const kebab = z
  .string()
  .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, 'must be kebab-case (lowercase letters, digits and dashes, at most 63)')

/** A pinned version: exact semver, no range, tag or wildcard. */
const pinned = z
  .string()
  .regex(/^v?\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$/, 'must be a pinned version like 1.2.3 (no range, wildcard or "latest")')

const share = z.number().gt(0, 'must be a fraction above 0').max(1, 'must be a fraction of at most 1')
const port = z.number().int().min(1).max(65535)
const absolutePath = z.string().regex(/^\/\S*$/, 'must be an absolute path like /data')

/** A chart value path: `ingress.host`, `app.resources.limits.cpu`. */
const valuePath = z.string().regex(/^[A-Za-z_][\w-]*(\.[A-Za-z_][\w-]*)*$/, 'must be a dot path like "ingress.host"')

const chartSource = z
  .object({
    /** A chart directory or packaged .tgz, relative to the repository or absolute. */
    path: z.string().min(1).optional(),
    /** A chart repository (https) and the chart's name in it. */
    repository: z.url({ protocol: /^https?$/, message: 'must be an http(s) chart repository URL' }).optional(),
    chart: kebab.optional(),
    /** An OCI reference: oci://registry/namespace/chart. */
    oci: z
      .string()
      .regex(/^oci:\/\/[^\s/]+\/\S+$/, 'must be an oci:// reference like oci://registry/org/chart')
      .optional(),
    version: pinned,
  })
  .strict()
  .superRefine((source, ctx) => {
    const given = [source.path && 'path', source.repository && 'repository', source.oci && 'oci'].filter(Boolean)
    if (given.length !== 1) {
      ctx.addIssue({
        code: 'custom',
        message: `give exactly one source: path, repository + chart, or oci (got ${given.length ? given.join(' and ') : 'none'})`,
      })
    }
    if (source.repository && !source.chart) ctx.addIssue({ code: 'custom', path: ['chart'], message: 'is required with repository' })
    if (source.chart && !source.repository) ctx.addIssue({ code: 'custom', path: ['chart'], message: 'is only for a repository source' })
  })

const replicas = z.union([z.number().int().min(1), z.enum(['plan.replicas', 'plan.databaseInstances'])], {
  message: 'must be a number of replicas, "plan.replicas" or "plan.databaseInstances"',
})

const component = z
  .object({
    name: kebab,
    cpuShare: share,
    memoryShare: share,
    /** A fixed count, or one of the plan's limits. */
    replicas,
    /** A boolean fact: the component runs only when it is true (e.g. "plan.backups"). */
    when: z.string().optional(),
  })
  .strict()

const volume = z
  .object({
    name: kebab,
    mountPath: absolutePath,
    /** Share of the plan's storage (all replicas' copies together). */
    share,
    metered: z.boolean(),
    alerted: z.boolean(),
    growsWithPlan: z.boolean(),
    when: z.string().optional(),
  })
  .strict()

const secret = z.discriminatedUnion(
  'kind',
  [
    z.object({ name: kebab, kind: z.literal('password') }).strict(),
    z.object({ name: kebab, kind: z.literal('hexKey'), length: z.number().int().min(16).max(256) }).strict(),
    z.object({ name: kebab, kind: z.literal('accessKeyPair') }).strict(),
  ],
  { message: 'must be one of: password, hexKey, accessKeyPair' },
)

const httpRoute = z
  .object({
    /** "instance" = the instance's host (<slug>.<baseDomain> or the custom domain); a label = <label>-<slug>.<baseDomain>. */
    host: z.union([z.literal('instance'), kebab]),
    path: absolutePath,
    service: kebab,
    port,
  })
  .strict()

const tcpPort = z
  .object({
    name: kebab,
    port,
    service: kebab,
    /** Plan ids that may expose this port (a LoadBalancer or NodePort); checked against the plan catalog. */
    plans: z.array(z.string().min(1)).min(1, 'must name at least one plan'),
  })
  .strict()

const valueSource = z.union(
  [
    z
      .object({
        fact: z.string().min(1),
        /** Numeric facts only: floor(fact × scale), at least `min`, then `suffix` appended (a string). */
        scale: z.number().positive().optional(),
        min: z.number().optional(),
        suffix: z.string().optional(),
        when: z.string().optional(),
      })
      .strict(),
    z.object({ value: z.json(), when: z.string().optional() }).strict(),
  ],
  { message: 'must be { fact: "<name>" } or { value: <literal> }' },
)

const declared = z.object({ name: kebab, description: z.string().optional() }).strict()

const unique = (names: string[]) => names.find((n, i) => names.indexOf(n) !== i)
const sum = (xs: number[]) => xs.reduce((a, b) => a + b, 0)

export const appDefinitionSchema = z
  .object({
    id: kebab,
    name: z.string().min(1),
    description: z.string(),
    chart: chartSource,
    versions: z.array(z.object({ chart: pinned, app: z.string().min(1) }).strict()).min(1, 'must list at least one version'),
    /** The chart version new tenants get; one of `versions`. */
    defaultVersion: pinned,
    components: z.array(component).min(1, 'must list at least one component'),
    volumes: z.array(volume).default([]),
    secrets: z.array(secret).default([]),
    exposure: z.object({ http: z.array(httpRoute).default([]), tcp: z.array(tcpPort).default([]) }).strict(),
    egress: z.enum(['none', 'dns', 'internet']),
    health: z.object({ service: kebab, port, path: absolutePath }).strict(),
    meters: z.array(declared.extend({ unit: z.string().min(1) }).strict()).default([]),
    entitlements: z.array(declared).default([]),
    seats: declared.nullable().default(null),
    values: z.record(valuePath, valueSource),
  })
  .strict()
  .superRefine((app, ctx) => {
    const chartVersions = app.versions.map((v) => v.chart)
    const twice = unique(chartVersions)
    if (twice) ctx.addIssue({ code: 'custom', path: ['versions'], message: `chart version ${twice} appears twice` })
    if (!chartVersions.includes(app.defaultVersion)) {
      ctx.addIssue({
        code: 'custom',
        path: ['defaultVersion'],
        message: `"${app.defaultVersion}" is not in versions (${chartVersions.join(', ')})`,
      })
    }
    if (!chartVersions.includes(app.chart.version)) {
      ctx.addIssue({
        code: 'custom',
        path: ['chart', 'version'],
        message: `"${app.chart.version}" is not in versions (${chartVersions.join(', ')})`,
      })
    }
    for (const kind of ['components', 'volumes', 'secrets'] as const) {
      const name = unique(app[kind].map((c) => c.name))
      if (name) ctx.addIssue({ code: 'custom', path: [kind], message: `"${name}" appears twice` })
    }
    for (const [field, label] of [
      ['cpuShare', 'CPU'],
      ['memoryShare', 'memory'],
    ] as const) {
      const total = sum(app.components.map((c) => c[field]))
      if (total > 1 + 1e-9)
        ctx.addIssue({ code: 'custom', path: ['components'], message: `${label} shares sum to ${+total.toFixed(4)} (at most 1)` })
    }
    const storage = sum(app.volumes.map((v) => v.share))
    if (storage > 1 + 1e-9)
      ctx.addIssue({ code: 'custom', path: ['volumes'], message: `storage shares sum to ${+storage.toFixed(4)} (at most 1)` })
    const paths = Object.keys(app.values)
    for (const p of paths) {
      const parent = paths.find((q) => p.startsWith(`${q}.`))
      if (parent) ctx.addIssue({ code: 'custom', path: ['values', p], message: `is inside "${parent}", which is set as a whole` })
    }
  })

export type AppDefinition = z.infer<typeof appDefinitionSchema>
export type AppDefinitionInput = z.input<typeof appDefinitionSchema>
export type ValueSource = AppDefinition['values'][string]

/** The facts the platform provides for every tenant of every app. */
export const FACT_NAMES = [
  'tenant.id',
  'tenant.slug',
  'plan.id',
  'plan.backups',
  /** <slug>.<baseDomain>, or the custom domain when one is verified. */
  'host',
  'baseDomain',
  /** The verified custom domain, "" when none. */
  'customDomain',
  /** The signed license JWT. */
  'license',
  'version.chart',
  'version.app',
  'serviceAccountName',
  'ingress.className',
  'ingress.clusterIssuer',
  'ingress.tlsSecretName',
  'smtp.host',
  'smtp.port',
  'smtp.username',
  'smtp.password',
  'smtp.from',
] as const

/** Per component: limits and requests of one pod (quantities, and plain numbers for arithmetic), and its replicas. */
export const COMPONENT_FACTS = ['cpu', 'memory', 'cpuRequest', 'memoryRequest', 'cpuMillicores', 'memoryMiB', 'replicas'] as const
/** Per volume: the size of one claim, and its access modes. */
export const VOLUME_FACTS = ['size', 'accessModes'] as const
/** Per secret: the value itself (password, hexKey) or its two halves (accessKeyPair). */
export const ACCESS_KEY_PAIR_FACTS = ['accessKey', 'secretKey'] as const

/** A fact's value: what a tenant's facts object holds. */
export type FactValue = string | number | boolean | string[]
export type Facts = Readonly<Record<string, FactValue>>

/** Every fact name a definition may use: the platform's and those of its own components, volumes and secrets. */
export function knownFacts(app: Pick<AppDefinition, 'components' | 'volumes' | 'secrets'>): string[] {
  return [
    ...FACT_NAMES,
    ...app.components.flatMap((c) => COMPONENT_FACTS.map((f) => `component.${c.name}.${f}`)),
    ...app.volumes.flatMap((v) => VOLUME_FACTS.map((f) => `volume.${v.name}.${f}`)),
    ...app.secrets.flatMap((s) =>
      s.kind === 'accessKeyPair' ? ACCESS_KEY_PAIR_FACTS.map((f) => `secret.${s.name}.${f}`) : [`secret.${s.name}`],
    ),
  ]
}

/** A zod issue path as the messages show it: `.chart.version`, `.components[1]`, `.values["db.password"]`. */
export function formatPath(segments: readonly PropertyKey[]): string {
  return segments
    .map((s) => (typeof s === 'number' ? `[${s}]` : /^[A-Za-z_]\w*$/.test(String(s)) ? `.${String(s)}` : `[${JSON.stringify(String(s))}]`))
    .join('')
}

/**
 * The problems a parsed definition has against the platform: a fact the platform does not provide
 * (or that names a component, volume or secret the app does not have), and a TCP port on a plan that
 * does not exist. One message per problem, each naming its path (`apps.<id>.values["db.password"]: …`).
 */
export function checkAppDefinition(app: AppDefinition, options: { planIds: readonly string[] }): string[] {
  const problems: string[] = []
  const known = knownFacts(app)
  const where = `apps.${app.id}`
  const checkFact = (fact: string, at: string) => {
    if (known.includes(fact)) return
    const family = fact.split('.')[0]!
    const near = known.filter((k) => k.split('.')[0] === family)
    problems.push(`${at}: unknown fact "${fact}" (known: ${(near.length ? near : FACT_NAMES).join(', ')})`)
  }
  for (const [path, source] of Object.entries(app.values)) {
    const at = `${where}.values[${JSON.stringify(path)}]`
    if ('fact' in source) checkFact(source.fact, at)
    if (source.when !== undefined) checkFact(source.when, `${at}.when`)
  }
  app.components.forEach((c, i) => c.when !== undefined && checkFact(c.when, `${where}.components[${i}].when`))
  app.volumes.forEach((v, i) => v.when !== undefined && checkFact(v.when, `${where}.volumes[${i}].when`))
  app.exposure.tcp.forEach((tcp, i) =>
    tcp.plans.forEach((plan, j) => {
      if (!options.planIds.includes(plan)) {
        problems.push(`${where}.exposure.tcp[${i}].plans[${j}]: unknown plan "${plan}" (known: ${options.planIds.join(', ')})`)
      }
    }),
  )
  return problems
}

/**
 * Parses and checks one definition; returns it, or the problems (each one line naming its path).
 * `label` names the entry in messages before its id is known (e.g. `apps[2]`).
 */
export function validateAppDefinition(
  input: unknown,
  options: { planIds: readonly string[]; label: string },
): { ok: true; app: AppDefinition } | { ok: false; problems: string[] } {
  const parsed = appDefinitionSchema.safeParse(input)
  if (!parsed.success) {
    const id = typeof (input as { id?: unknown } | null)?.id === 'string' ? (input as { id: string }).id : undefined
    const where = id && kebab.safeParse(id).success ? `apps.${id}` : options.label
    // A bad record key (a value path) carries the key's own issue inside.
    const message = (issue: z.core.$ZodIssue) =>
      issue.code === 'invalid_key' ? (issue.issues[0]?.message ?? issue.message) : issue.message
    return { ok: false, problems: parsed.error.issues.map((issue) => `${where}${formatPath(issue.path)}: ${message(issue)}`) }
  }
  const problems = checkAppDefinition(parsed.data, options)
  return problems.length ? { ok: false, problems } : { ok: true, app: parsed.data }
}
