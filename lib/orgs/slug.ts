/**
 * Organization slugs. A slug is the organization's address: the instance is served at
 * `<slug>.<BASE_DOMAIN>` and its namespace is `tenant-<slug>`, so a slug must be a DNS-1123
 * label, short enough for both, and must not shadow a name the operator or the cluster uses.
 *
 * The schema validates and never rewrites: `Acme` is refused, not lower-cased, so what the user
 * sees in the live check is exactly what gets stored. `slugify` is the one place that turns a
 * free-form name into a slug suggestion.
 */
import { z } from 'zod'

export const SLUG_MIN_LENGTH = 3
export const SLUG_MAX_LENGTH = 40
export const SLUG_PATTERN = /^[a-z0-9]([a-z0-9-]*[a-z0-9])?$/

/** A slug starting with one of these is reserved: Kubernetes system namespaces, our tenant namespaces. */
export const RESERVED_SLUG_PREFIXES: readonly string[] = Object.freeze(['kube-', 'tenant-'])

/**
 * Addresses no organization may take: our own hosts and routes, mail and autodiscovery names
 * (autodiscover, wpad and mta-sts are fetched by clients automatically, so whoever holds them
 * receives credentials or policies), infrastructure names the operator may put on the same domain,
 * and words that would look official.
 */
export const RESERVED_SLUGS: ReadonlySet<string> = new Set([
  // the product and its own hosts
  'tenancy',
  'app',
  'apps',
  'www',
  'web',
  'api',
  'admin',
  'administrator',
  'superadmin',
  'root',
  'system',
  'internal',
  'dashboard',
  'console',
  'portal',
  'manage',
  'control',
  'panel',
  'default',
  'localhost',
  'local',
  'localdomain',
  'broadcasthost',
  'static',
  'assets',
  'cdn',
  'media',
  'images',
  'img',
  'files',
  'uploads',
  'downloads',
  'public',
  // authentication and accounts
  'auth',
  'login',
  'logout',
  'signin',
  'signout',
  'signup',
  'register',
  'join',
  'invite',
  'invites',
  'invitation',
  'invitations',
  'verify',
  'reset',
  'password',
  'forgot-password',
  'reset-password',
  'oauth',
  'sso',
  'saml',
  'oidc',
  'id',
  'identity',
  'account',
  'accounts',
  'user',
  'users',
  'me',
  'profile',
  'settings',
  'security',
  'session',
  'sessions',
  'mfa',
  '2fa',
  // organizations and tenants
  'org',
  'orgs',
  'organization',
  'organizations',
  'team',
  'teams',
  'tenant',
  'tenants',
  'member',
  'members',
  'owner',
  'owners',
  'new',
  'create',
  // mail and client autodiscovery
  'mail',
  'email',
  'smtp',
  'imap',
  'pop',
  'pop3',
  'mx',
  'webmail',
  'autodiscover',
  'autoconfig',
  'wpad',
  'isatap',
  'mta-sts',
  'postmaster',
  'hostmaster',
  'webmaster',
  'abuse',
  'noreply',
  'no-reply',
  // support, billing and the public site
  'support',
  'help',
  'helpdesk',
  'status',
  'billing',
  'pay',
  'payment',
  'payments',
  'invoice',
  'invoices',
  'checkout',
  'pricing',
  'plans',
  'subscribe',
  'docs',
  'doc',
  'documentation',
  'blog',
  'news',
  'about',
  'contact',
  'legal',
  'terms',
  'privacy',
  'careers',
  'jobs',
  'info',
  'official',
  'trust',
  // infrastructure the operator may run beside the tenants
  'ns',
  'ns1',
  'ns2',
  'ns3',
  'dns',
  'ftp',
  'sftp',
  'ssh',
  'vpn',
  'proxy',
  'gateway',
  'ingress',
  'egress',
  'lb',
  'git',
  'registry',
  'docker',
  'kube',
  'kubernetes',
  'k8s',
  'cluster',
  'node',
  'nodes',
  'helm',
  'cert-manager',
  'ingress-nginx',
  'metrics',
  'prometheus',
  'alertmanager',
  'grafana',
  'loki',
  'monitoring',
  'logs',
  'health',
  'healthz',
  'readyz',
  'livez',
  'inngest',
  'worker',
  'workers',
  'webhook',
  'webhooks',
  'stripe',
  'ws',
  'wss',
  // environments
  'dev',
  'development',
  'staging',
  'stage',
  'test',
  'testing',
  'qa',
  'demo',
  'sandbox',
  'preview',
  'prod',
  'production',
  'beta',
  'alpha',
  'canary',
  // values that confuse code and people
  'null',
  'undefined',
  'nil',
  'none',
  'true',
  'false',
  'unknown',
  'anonymous',
  'everyone',
])

export const SLUG_MESSAGES = {
  empty: 'Choose an address',
  characters: 'Use lower-case letters, digits and hyphens',
  tooLong: `At most ${SLUG_MAX_LENGTH} characters`,
  tooShort: `At least ${SLUG_MIN_LENGTH} characters`,
  edges: 'Start and end with a letter or digit',
  punycode: 'Hyphens cannot be both the 3rd and 4th characters',
  reserved: 'This address is reserved',
  taken: 'This address is already taken',
} as const

export function isReservedSlug(slug: string): boolean {
  return RESERVED_SLUGS.has(slug) || RESERVED_SLUG_PREFIXES.some((prefix) => slug.startsWith(prefix))
}

/**
 * The first thing wrong with a slug, as one message for the user, or undefined when it is valid.
 * One message at a time: the live check shows a single reason.
 */
export function slugProblem(slug: string): string | undefined {
  if (slug.length === 0) return SLUG_MESSAGES.empty
  if (!/^[a-z0-9-]+$/.test(slug)) return SLUG_MESSAGES.characters
  if (slug.length > SLUG_MAX_LENGTH) return SLUG_MESSAGES.tooLong
  if (slug.length < SLUG_MIN_LENGTH) return SLUG_MESSAGES.tooShort
  if (!SLUG_PATTERN.test(slug)) return SLUG_MESSAGES.edges
  // "xn--" and every other "??--" label are reserved for IDNA (RFC 5891): browsers show them as
  // Unicode, which lets a look-alike of another organization's address through.
  if (slug.slice(2, 4) === '--') return SLUG_MESSAGES.punycode
  if (isReservedSlug(slug)) return SLUG_MESSAGES.reserved
  return undefined
}

export const slugSchema = z.string({ message: SLUG_MESSAGES.empty }).superRefine((slug, ctx) => {
  const problem = slugProblem(slug)
  if (problem) ctx.addIssue({ code: 'custom', message: problem })
})

/** Latin letters that NFKD does not decompose into a base letter plus accents. */
const LATIN_LETTERS: Record<string, string> = {
  ß: 'ss',
  æ: 'ae',
  œ: 'oe',
  ø: 'o',
  đ: 'd',
  ð: 'd',
  þ: 'th',
  ł: 'l',
  ı: 'i',
  ħ: 'h',
  ŧ: 't',
  ŀ: 'l',
}

/**
 * A slug suggestion for a name: lower-case ASCII (accents dropped through NFKD; ß, æ, ø, ł and
 * their kind spelled out), every run of other characters becomes one hyphen, no hyphen at either
 * end, at most 40 characters; 'org' when nothing is left. The result may still be reserved or too
 * short: see `slugBaseForName`.
 */
export function slugify(name: string): string {
  const slug = name
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[ßæœøđðþłıħŧŀ]/g, (letter) => LATIN_LETTERS[letter]!)
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, SLUG_MAX_LENGTH)
    .replace(/-+$/, '')
  return slug || 'org'
}

/**
 * `slugify(name)`, adjusted so that a suffix can make it valid: a reserved prefix loses its
 * hyphen ('kube-system' → 'kubesystem'). (slugify never doubles a hyphen, so "xn--" cannot occur.)
 */
export function slugBaseForName(name: string): string {
  let base = slugify(name)
  for (const prefix of RESERVED_SLUG_PREFIXES) {
    if (base.startsWith(prefix)) base = prefix.slice(0, -1) + base.slice(prefix.length)
  }
  return base
}

/** `base-suffix`, with the base cut so the whole stays within 40 characters. */
export function slugWithSuffix(base: string, suffix: string): string {
  const room = SLUG_MAX_LENGTH - suffix.length - 1
  const head = base.slice(0, room).replace(/-+$/, '')
  return head ? `${head}-${suffix}` : suffix
}
