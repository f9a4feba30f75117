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
 * that names anything else. lib/apps/tenant-facts.ts computes a tenant's facts; the contract a shipped
 * chart follows is docs/apps.md.
 */
import { z } from 'zod'
import type { Plan } from '../plans/catalog'

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
    /** Autoscaled (a HorizontalPodAutoscaler) up to this many: each pod's resources are cut for this count. */
    maxReplicas: replicas.optional(),
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
    /** The component that mounts it: with several replicas a shared claim is ReadWriteMany. */
    component: kebab.optional(),
    /** A StatefulSet's claim template: one claim per replica of `component`, the share split over them. */
    perReplica: z.boolean().optional(),
    /** The claim's name (default: the volume's); per-replica claims are `<claim>-<ordinal>`, e.g. "data-postgres". */
    claim: kebab.optional(),
    /**
     * Where the chart may render a CloudNativePG `Cluster` of this name instead (when the cluster
     * serves the kind): the claims are then the operator's, `<name>-<serial>` from 1, and their size
     * follows the Cluster's spec (CloudNativePG grows them; Tenancy does not patch them).
     */
    cnpgCluster: kebab.optional(),
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
    /**
     * A password that is also written as its own Secret `<name>` of type kubernetes.io/basic-auth
     * (keys username and password), as operators such as CloudNativePG read one.
     */
    z
      .object({
        name: kebab,
        kind: z.literal('basicAuth'),
        username: z.string().regex(/^[a-z_][a-z0-9_]{0,62}$/, 'must be a lowercase user name'),
      })
      .strict(),
  ],
  { message: 'must be one of: password, hexKey, accessKeyPair, basicAuth' },
)

const httpRoute = z
  .object({
    /** "instance" = the instance's host (<slug>.<baseDomain> or the custom domain); a label = <label>-<slug>.<baseDomain>. */
    host: z.union([z.literal('instance'), kebab]),
    /** What the instance panel calls a labelled host ("MinIO console"); shown to owners and admins. */
    title: z.string().min(1).max(60).optional(),
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
    health: z
      .object({
        service: kebab,
        port,
        path: absolutePath.refine(
          (p) => !/[?#%\\]/.test(p) && !p.split('/').some((s) => s === '.' || s === '..'),
          'must be a plain path (no query, escape or dot segment)',
        ),
      })
      .strict(),
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
    const components = app.components.map((c) => c.name)
    app.volumes.forEach((v, i) => {
      if (v.component !== undefined && !components.includes(v.component))
        ctx.addIssue({ code: 'custom', path: ['volumes', i, 'component'], message: `"${v.component}" is not a component` })
      if (v.perReplica && v.component === undefined)
        ctx.addIssue({ code: 'custom', path: ['volumes', i, 'perReplica'], message: 'needs the component whose replicas hold it' })
    })
    app.components.forEach((c, i) => {
      if (typeof c.replicas === 'number' && typeof c.maxReplicas === 'number' && c.maxReplicas < c.replicas)
        ctx.addIssue({ code: 'custom', path: ['components', i, 'maxReplicas'], message: `is below replicas (${c.replicas})` })
    })
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
  /** Tenancy's own URL, and its JWKS (where an instance verifies its license). */
  'tenancy.url',
  'tenancy.jwksUrl',
  /** The Secret created before install; secret facts name keys in it (never values). */
  'credentials.secretName',
  /** How declared TCP ports are exposed on this cluster: "LoadBalancer" or "NodePort". */
  'tcp.serviceType',
  'version.chart',
  'version.app',
  'serviceAccountName',
  'ingress.className',
  'ingress.clusterIssuer',
  'ingress.tlsSecretName',
  /** The mail relay instances may use (INSTANCE_SMTP_URL): "" and 0 when there is none. */
  'smtp.host',
  'smtp.port',
  'smtp.username',
  /** The key of the credentials Secret holding the relay's password ("" without a relay). */
  'smtp.passwordKey',
  'smtp.from',
] as const

/** Per component: limits and requests of one pod (quantities, and plain numbers for arithmetic), and its replicas. */
export const COMPONENT_FACTS = [
  'cpu',
  'memory',
  'cpuRequest',
  'memoryRequest',
  'cpuMillicores',
  'memoryMiB',
  'replicas',
  'maxReplicas',
] as const
/** Per volume: the size of one claim, and its access modes. */
export const VOLUME_FACTS = ['size', 'accessModes'] as const
/** Per secret: the key holding it in the credentials Secret (password, hexKey), or the keys of its two halves (accessKeyPair). */
export const ACCESS_KEY_PAIR_FACTS = ['accessKey', 'secretKey'] as const

/** A fact's value: what a tenant's facts object holds. */
export type FactValue = string | number | boolean | string[]
export type Facts = Readonly<Record<string, FactValue>>

/** The extra hosts of an app: each label its HTTP routes use (`host.<label>` = <label>-<slug>.<baseDomain>). */
export function hostLabels(app: Pick<AppDefinition, 'exposure'>): string[] {
  return [...new Set(app.exposure.http.map((r) => r.host).filter((h) => h !== 'instance'))]
}

/** Every fact name a definition may use: the platform's and those of its own components, volumes, secrets, hosts and ports. */
export function knownFacts(app: Pick<AppDefinition, 'components' | 'volumes' | 'secrets' | 'exposure'>): string[] {
  return [
    ...FACT_NAMES,
    ...hostLabels(app).map((label) => `host.${label}`),
    ...app.exposure.tcp.map((t) => `tcp.${t.name}.enabled`),
    ...app.components.flatMap((c) => COMPONENT_FACTS.map((f) => `component.${c.name}.${f}`)),
    ...app.volumes.flatMap((v) => VOLUME_FACTS.map((f) => `volume.${v.name}.${f}`)),
    ...app.secrets.flatMap((s) =>
      s.kind === 'accessKeyPair'
        ? ACCESS_KEY_PAIR_FACTS.map((f) => `secret.${s.name}.${f}`)
        : s.kind === 'basicAuth'
          ? [`secret.${s.name}`, `secret.${s.name}.secretName`]
          : [`secret.${s.name}`],
    ),
  ]
}

/**
 * The boolean facts that follow from the plan alone: what a component's or volume's `when` may
 * name (whether it runs on a plan must not depend on anything else).
 */
export function planFlags(app: Pick<AppDefinition, 'exposure'>, plan: Pick<Plan, 'id' | 'limits'>): Record<string, boolean> {
  return {
    'plan.backups': plan.limits.backups,
    ...Object.fromEntries(app.exposure.tcp.map((t) => [`tcp.${t.name}.enabled`, t.plans.includes(plan.id)])),
  }
}

/** A component's replica count on a plan (a number, or one of the plan's limits). */
export function replicaCount(replicas: AppDefinition['components'][number]['replicas'], plan: Pick<Plan, 'limits'>): number {
  if (replicas === 'plan.replicas') return plan.limits.replicas
  if (replicas === 'plan.databaseInstances') return plan.limits.databaseInstances
  return replicas
}

/** Whether a component or volume runs on a plan. */
export function onPlan(item: { when?: string }, flags: Record<string, boolean>): boolean {
  return item.when === undefined || flags[item.when] === true
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
  const flags = Object.keys(planFlags(app, { id: '', limits: { backups: false } as Plan['limits'] }))
  const checkFlag = (when: string, at: string) => {
    if (!flags.includes(when)) problems.push(`${at}: "${when}" is not a plan flag (known: ${flags.join(', ')})`)
  }
  app.components.forEach((c, i) => c.when !== undefined && checkFlag(c.when, `${where}.components[${i}].when`))
  app.volumes.forEach((v, i) => v.when !== undefined && checkFlag(v.when, `${where}.volumes[${i}].when`))
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
