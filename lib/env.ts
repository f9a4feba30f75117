/**
 * The only reader of the environment. Every setting Tenancy understands is declared here,
 * validated with zod once, and exposed as a typed, frozen object. A bad value stops the process
 * with one message naming the variable (see `ConfigError`), never a stack trace.
 */
import { isIP } from 'node:net'
import { z } from 'zod'
import { parseProxyEntry } from './http/client-address'

const PLACEHOLDER_SECRETS = new Set([
  'changeme',
  'change-me',
  'secret',
  'dev-secret',
  'development-only-secret',
  'placeholder',
  'password',
  'test',
])
const DEV_AUTH_SECRET = 'development-only-secret'

const optionalString = z
  .string()
  .trim()
  .transform((v) => (v === '' ? undefined : v))
  .optional()

const url = (protocols: string[], example: string) =>
  z
    .string()
    .trim()
    .refine(
      (v) => {
        try {
          return protocols.includes(new URL(v).protocol)
        } catch {
          return false
        }
      },
      `must be a ${protocols.map((p) => p + '//').join(' or ')} URL, like ${example}`,
    )

const optionalUrl = (protocols: string[], example: string) =>
  z.preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), url(protocols, example).optional())

const oauthUrl = (production: string) =>
  z
    .preprocess((v) => (typeof v === 'string' && v.trim() === '' ? undefined : v), url(['https:', 'http:'], production).default(production))
    .transform((v) => v.replace(/\/$/, ''))

const bool = z
  .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'must be true or false' })
  .transform((v) => v === 'true' || v === '1' || v === 'yes')

/** A comma-separated list: entries trimmed, empty ones dropped (unset: none). */
const commaList = z
  .string()
  .default('')
  .transform((v) =>
    v
      .split(',')
      .map((e) => e.trim())
      .filter(Boolean),
  )

const schema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  PORT: z.coerce.number({ message: 'must be a port number' }).int().min(1).max(65535).default(3000),
  APP_URL: optionalUrl(['http:', 'https:'], 'https://tenancy.example.com'),
  DATA_DIR: z.string().trim().min(1).default('./data'),
  DATABASE_URL: optionalUrl(['postgres:', 'postgresql:'], 'postgresql://user:pass@127.0.0.1:5432/tenancy'),
  AUTH_SECRET: optionalString,
  BASE_DOMAIN: z
    .string()
    .trim()
    .toLowerCase()
    .regex(
      /^(?=.{1,200}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$/,
      'must be a DNS name like apps.example.com',
    )
    .default('tenants.localhost'),
  LOG_LEVEL: z.enum(['debug', 'info', 'warn', 'error']).default('info'),
  // Node's own: the size of libuv's thread pool (read by Node at start; password hashing keeps two threads free).
  UV_THREADPOOL_SIZE: z.coerce.number({ message: 'must be a number of threads' }).int().min(1).max(1024).default(4),
  WORKER: z.enum(['embedded', 'off']).default('embedded'),
  JOBS_MODE: z.enum(['auto', 'embedded', 'inngest']).default('auto'),
  /** The bound of a graceful shutdown (SIGTERM, SIGINT): drain, release runs, close; the process exits by then (lib/os/shutdown.ts). */
  SHUTDOWN_TIMEOUT_SECONDS: z.coerce.number({ message: 'must be a number of seconds' }).int().min(1).max(3600).default(25),
  INNGEST_EVENT_KEY: optionalString,
  INNGEST_SIGNING_KEY: optionalString,
  INNGEST_BASE_URL: optionalUrl(['http:', 'https:'], 'http://127.0.0.1:8288'),
  CLUSTER_MODE: z.enum(['auto', 'dry-run', 'kubeconfig', 'in-cluster']).default('auto'),
  KUBECONFIG: optionalString,
  HELM_BIN: optionalString,
  /** How the cluster exposes an app's declared TCP ports (MQTT, say) on the plans that allow them. */
  TCP_SERVICE_TYPE: z.enum(['LoadBalancer', 'NodePort']).default('LoadBalancer'),
  /**
   * Address ranges (CIDRs, comma-separated) that apps with internet egress still may not reach, on
   * top of the private, loopback, link-local and CGNAT ranges that are always blocked
   * (lib/provisioning/guardrails.ts): the nodes' public addresses, say.
   */
  EGRESS_BLOCKED_CIDRS: commaList.superRefine((entries, ctx) => {
    for (const entry of entries) {
      const parsed = parseProxyEntry(entry)
      if ('error' in parsed) ctx.addIssue({ code: 'custom', message: parsed.error })
    }
  }),
  INGRESS_NAMESPACE: z
    .string()
    .trim()
    .regex(/^[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?$/, 'must be a namespace name')
    .default('ingress-nginx'),
  INGRESS_CLASS: z.string().trim().min(1).default('nginx'),
  CERT_ISSUER: z.string().trim().min(1).default('letsencrypt'),
  /**
   * DNS servers that prove custom domains (comma-separated `ip`, `ip:port` or `[ipv6]:port`); empty: the
   * system's resolvers (lib/dns/node-resolver.ts).
   */
  DNS_SERVERS: commaList.superRefine((entries, ctx) => {
    for (const entry of entries) {
      // 10.0.0.2, 10.0.0.2:53, fd00::2, [fd00::2]:53
      const m = /^(?:\[(?<v6>[^\]]+)\]|(?<v4>[^:]+))(?::(?<port>\d{1,5}))?$/.exec(entry)?.groups
      const isAddress = m
        ? (m.v6 ? isIP(m.v6) === 6 : isIP(m.v4!) === 4) && Number(m.port ?? 53) >= 1 && Number(m.port ?? 53) <= 65535
        : isIP(entry) === 6
      if (!isAddress) ctx.addIssue({ code: 'custom', message: 'must list IP addresses with an optional port, like 10.0.0.2,[fd00::2]:53' })
    }
  }),
  /** Default wait per provisioning step (namespace, database, app, deletion…). */
  PROVISION_STEP_TIMEOUT_SECONDS: z.coerce.number({ message: 'must be a number of seconds' }).int().min(1).max(3600).default(300),
  /** Per-step overrides, e.g. "wait-database=600,wait-app=120". */
  PROVISION_STEP_TIMEOUTS: z
    .string()
    .trim()
    .regex(/^$|^[a-z-]+=\d+(,[a-z-]+=\d+)*$/, 'must look like "wait-database=600,wait-app=120"')
    .default(''),
  /**
   * The app's health check after an install or upgrade (lib/provisioning/steps/check-health.ts):
   * `required` fails the step until the app answers 2xx through the API server's service proxy;
   * `report` records what it answered and goes on (a cluster whose pods do not run, such as the
   * simulated node of the cluster tier).
   */
  HEALTH_GATE: z.enum(['required', 'report']).default('required'),
  /** PEM (PKCS#8) RSA private key that signs licenses; generated and stored on first use when unset. */
  LICENSE_SIGNING_KEY: optionalString,
  LICENSE_TTL_DAYS: z.coerce.number({ message: 'must be a number of days' }).int().min(1).max(3650).default(365),
  STRIPE_SECRET_KEY: optionalString,
  STRIPE_WEBHOOK_SECRET: optionalString,
  STRIPE_PUBLISHABLE_KEY: optionalString,
  /** Where the Stripe SDK sends API calls (a local Stripe test server); unset = api.stripe.com. */
  STRIPE_API_BASE: optionalUrl(['http:', 'https:'], 'http://127.0.0.1:12111'),
  /** Days a tenant keeps running after a failed payment before it is suspended. */
  DUNNING_GRACE_DAYS: z.coerce.number({ message: 'must be a number of days' }).int().min(0).max(90).default(7),
  /** Seconds added to the wall clock for billing dates (trials, dunning, invoices); tests move time with it. */
  CLOCK_OFFSET_SECONDS: z.coerce.number({ message: 'must be a whole number of seconds' }).int().default(0),
  /** A file holding that offset instead, re-read when it changes: time moves without a restart (staging, browser tests). */
  CLOCK_FILE: optionalString,
  PROMETHEUS_URL: optionalUrl(['http:', 'https:'], 'http://127.0.0.1:9090'),
  ALERTMANAGER_TOKEN: optionalString,
  SMTP_URL: optionalUrl(['smtp:', 'smtps:'], 'smtp://user:pass@mail.example.com:587'),
  /** The mail relay instances are given (their apps' smtp.* facts); unset: instances get none. Not Tenancy's own SMTP_URL. */
  INSTANCE_SMTP_URL: optionalUrl(['smtp:', 'smtps:'], 'smtp://user:pass@relay.example.com:587'),
  /** The sender address instances use with INSTANCE_SMTP_URL. */
  INSTANCE_SMTP_FROM: z.string().trim().default(''),
  EMAIL_FROM: z.string().trim().default('Tenancy <no-reply@tenancy.localhost>'),
  PLANS_FILE: optionalString,
  /** An operator's app definitions (JSON), merged by id over the built-in app catalog (lib/apps/catalog.ts). */
  APPS_FILE: optionalString,
  /** The apps this company sells (ids, comma-separated); empty: every app in the catalog. */
  APPS_SOLD: commaList,
  TAX_RATE_BPS: z.coerce.number({ message: 'must be an integer (basis points, 800 = 8%)' }).int().min(0).max(10000).default(800),
  ADMIN_EMAIL: z.preprocess((v) => (v === '' ? undefined : v), z.email({ message: 'must be an email address' }).optional()),
  ADMIN_PASSWORD: optionalString,
  SEED_DEMO: bool.default(true),
  /** Synthetic organizations and tenants the seed adds (prisma/seed-fleet.ts): demos, browser tests, benchmarks. */
  SEED_FLEET_SIZE: z.coerce.number({ message: 'must be a whole number' }).int().min(0).max(1_000_000).default(0),
  /** The admin console refuses every write (409 READ_ONLY) except through a break-glass token. */
  ADMIN_READ_ONLY: bool.default(false),
  /**
   * Reverse proxies (addresses or CIDRs, comma-separated) whose X-Forwarded-For is believed; empty:
   * the connection's peer is the client and the header is ignored (lib/http/client-address.ts).
   */
  TRUSTED_PROXIES: commaList.superRefine((entries, ctx) => {
    for (const entry of entries) {
      const parsed = parseProxyEntry(entry)
      if ('error' in parsed) ctx.addIssue({ code: 'custom', message: parsed.error })
    }
  }),
  /** Longest lifetime of a break-glass token. */
  BREAK_GLASS_MAX_MINUTES: z.coerce.number({ message: 'must be a number of minutes' }).int().min(1).max(1440).default(60),
  /** A session unused this long ends (signed out); each request extends it (lib/auth/sessions.ts). At most 30 days. */
  SESSION_IDLE_MINUTES: z.coerce.number({ message: 'must be a number of minutes' }).int().min(1).max(43_200).default(30),
  /** How long a super-admin's second factor stays passed in a session; then /mfa asks for it again. */
  MFA_MAX_AGE_HOURS: z.coerce.number({ message: 'must be a number of hours' }).int().min(1).max(720).default(12),
  GITHUB_ID: optionalString,
  GITHUB_SECRET: optionalString,
  GOOGLE_ID: optionalString,
  GOOGLE_SECRET: optionalString,
  // OAuth endpoints: the providers' own by default; GitHub Enterprise Server (or a test stub) elsewhere.
  GITHUB_OAUTH_URL: oauthUrl('https://github.com'),
  GITHUB_API_URL: oauthUrl('https://api.github.com'),
  GOOGLE_AUTHORIZATION_URL: oauthUrl('https://accounts.google.com/o/oauth2/v2/auth'),
  GOOGLE_TOKEN_URL: oauthUrl('https://oauth2.googleapis.com/token'),
  GOOGLE_USERINFO_URL: oauthUrl('https://openidconnect.googleapis.com/v1/userinfo'),
})

type Raw = z.infer<typeof schema>

export type Env = Readonly<
  Omit<Raw, 'AUTH_SECRET'> & {
    AUTH_SECRET: string
    /** False when AUTH_SECRET fell back to the development default. */
    hasAuthSecret: boolean
    isProduction: boolean
    appUrl: string
    database: { kind: 'pglite'; dir: string } | { kind: 'postgres'; url: string }
    jobsMode: 'embedded' | 'inngest'
    billingMode: 'none' | 'stripe'
    metricsMode: 'off' | 'prometheus'
    oauthProviders: ('github' | 'google')[]
    /** Cookies get the Secure flag when the app is served over https. */
    isHttps: boolean
    /** Milliseconds a provisioning step may wait (per-step override, else the default). */
    stepTimeoutMs: (step: string) => number
  }
>

export class ConfigError extends Error {
  constructor(readonly problems: { variable: string; message: string }[]) {
    super(`Invalid configuration: ${problems.map((p) => `${p.variable} ${p.message}`).join('; ')}`)
    this.name = 'ConfigError'
  }
}

function refuseInProduction(raw: Raw): { variable: string; message: string }[] {
  if (raw.NODE_ENV !== 'production') return []
  const problems: { variable: string; message: string }[] = []
  if (!raw.AUTH_SECRET) {
    problems.push({ variable: 'AUTH_SECRET', message: 'is required in production (e.g. `openssl rand -base64 32`)' })
  }
  const secrets: [string, string | undefined][] = [
    ['AUTH_SECRET', raw.AUTH_SECRET],
    ['STRIPE_WEBHOOK_SECRET', raw.STRIPE_WEBHOOK_SECRET],
    ['ALERTMANAGER_TOKEN', raw.ALERTMANAGER_TOKEN],
    ['ADMIN_PASSWORD', raw.ADMIN_PASSWORD],
  ]
  for (const [name, value] of secrets) {
    if (value === undefined) continue
    if (value === DEV_AUTH_SECRET || PLACEHOLDER_SECRETS.has(value.toLowerCase()) || /^(x+|0+|your[-_].*)$/i.test(value)) {
      problems.push({ variable: name, message: 'is a placeholder; set a real secret for production' })
    }
  }
  if (raw.AUTH_SECRET && raw.AUTH_SECRET.length < 32 && !problems.some((p) => p.variable === 'AUTH_SECRET')) {
    problems.push({ variable: 'AUTH_SECRET', message: 'must be at least 32 characters in production (e.g. `openssl rand -base64 32`)' })
  }
  if (raw.STRIPE_SECRET_KEY && !raw.STRIPE_WEBHOOK_SECRET) {
    problems.push({ variable: 'STRIPE_WEBHOOK_SECRET', message: 'is required when STRIPE_SECRET_KEY is set' })
  }
  return problems
}

/** Parse an environment (process.env by default). Throws ConfigError naming every bad variable. */
export function parseEnv(source: Record<string, string | undefined> = process.env): Env {
  const result = schema.safeParse(source)
  if (!result.success) {
    throw new ConfigError(
      result.error.issues.map((issue) => {
        const variable = String(issue.path[0] ?? 'environment')
        const got = source[variable]
        const shown = got === undefined || /SECRET|PASSWORD|KEY|TOKEN|DATABASE_URL|SMTP_URL/.test(variable) ? '' : ` (got "${got}")`
        const message =
          issue.code === 'invalid_value' ? `must be one of: ${(issue as { values: unknown[] }).values.join(', ')}` : issue.message
        return { variable, message: message + shown }
      }),
    )
  }
  const raw = result.data
  const problems = refuseInProduction(raw)
  if (raw.STRIPE_SECRET_KEY && !raw.STRIPE_SECRET_KEY.startsWith('sk_') && !raw.STRIPE_SECRET_KEY.startsWith('rk_')) {
    problems.push({ variable: 'STRIPE_SECRET_KEY', message: 'must start with sk_ or rk_' })
  }
  for (const provider of ['GITHUB', 'GOOGLE'] as const) {
    if (Boolean(raw[`${provider}_ID`]) !== Boolean(raw[`${provider}_SECRET`])) {
      problems.push({
        variable: `${provider}_${raw[`${provider}_ID`] ? 'SECRET' : 'ID'}`,
        message: `is required when ${provider}_${raw[`${provider}_ID`] ? 'ID' : 'SECRET'} is set`,
      })
    }
  }
  if (raw.JOBS_MODE === 'inngest' && !raw.INNGEST_EVENT_KEY && !raw.INNGEST_BASE_URL) {
    problems.push({ variable: 'JOBS_MODE', message: 'is inngest but neither INNGEST_EVENT_KEY nor INNGEST_BASE_URL is set' })
  }
  if (problems.length) throw new ConfigError(problems)

  const inngestConfigured = Boolean(raw.INNGEST_EVENT_KEY || raw.INNGEST_BASE_URL)
  const database: Env['database'] = raw.DATABASE_URL
    ? { kind: 'postgres', url: raw.DATABASE_URL }
    : { kind: 'pglite', dir: `${raw.DATA_DIR.replace(/\/$/, '')}/pglite` }
  return Object.freeze({
    ...raw,
    AUTH_SECRET: raw.AUTH_SECRET ?? DEV_AUTH_SECRET,
    hasAuthSecret: raw.AUTH_SECRET !== undefined,
    isProduction: raw.NODE_ENV === 'production',
    appUrl: (raw.APP_URL ?? `http://localhost:${raw.PORT}`).replace(/\/$/, ''),
    database,
    jobsMode: raw.JOBS_MODE === 'auto' ? (inngestConfigured ? 'inngest' : 'embedded') : raw.JOBS_MODE,
    billingMode: raw.STRIPE_SECRET_KEY ? 'stripe' : 'none',
    metricsMode: raw.PROMETHEUS_URL ? 'prometheus' : 'off',
    oauthProviders: [...(raw.GITHUB_ID ? (['github'] as const) : []), ...(raw.GOOGLE_ID ? (['google'] as const) : [])],
    isHttps: (raw.APP_URL ?? '').startsWith('https://'),
    stepTimeoutMs: stepTimeouts(raw.PROVISION_STEP_TIMEOUTS, raw.PROVISION_STEP_TIMEOUT_SECONDS),
  })
}

function stepTimeouts(overrides: string, defaultSeconds: number): (step: string) => number {
  const table = new Map(
    overrides
      .split(',')
      .filter(Boolean)
      .map((pair) => pair.split('=') as [string, string]),
  )
  return (step) => Number(table.get(step) ?? defaultSeconds) * 1000
}

let cached: Env | undefined

/** The validated configuration of this process (parsed on first use, then cached). */
export function getEnv(): Env {
  cached ??= parseEnv()
  return cached
}

/** For tests and tools that change the environment of this process on purpose. */
export function resetEnvCache(): void {
  cached = undefined
}

/** Names of variables whose values must never be printed (config viewer, logs). */
export const SECRET_VARIABLES = [
  'DATABASE_URL',
  'AUTH_SECRET',
  'INNGEST_EVENT_KEY',
  'INNGEST_SIGNING_KEY',
  'STRIPE_SECRET_KEY',
  'STRIPE_WEBHOOK_SECRET',
  'ALERTMANAGER_TOKEN',
  'SMTP_URL',
  'ADMIN_PASSWORD',
  'GITHUB_SECRET',
  'GOOGLE_SECRET',
] as const
