/**
 * The app catalog (DESIGN.md §7, issue 15): the built-in apps plus an operator's APPS_FILE.
 *
 * APPS_FILE is JSON `{ "apps": [<app definition>, …] }`. Apps are merged by id: an operator's app
 * replaces the built-in one of that id whole (a definition is one unit: its mapping, shares and
 * chart belong together) or adds a new app. Every app is validated with the schema and the fact
 * check (lib/apps/definition.ts); a bad file stops the process at start with one line naming the
 * field (ConfigError, exit 2), like PLANS_FILE.
 *
 * First part of issue 15: the catalog is declared and checked at start; provisioning still fills
 * the values of charts/tenant-instance with lib/provisioning/helm-values.ts.
 */
import { z } from 'zod'
import { applyJsonConfigFile } from '../config-file'
import { getEnv } from '../env'
import { PLAN_IDS } from '../plans/catalog'
import { type AppDefinition, type AppDefinitionInput, validateAppDefinition } from './definition'

/** charts/tenant-instance as it is today (Chart.yaml version 0.1.0, appVersion 1.0.0). */
const GENERIC: AppDefinitionInput = {
  id: 'generic',
  name: 'Generic app',
  description: 'The demo app of this repository: one web app next to PostgreSQL, with nightly backups on plans that have them.',
  chart: { path: 'charts/tenant-instance', version: '0.1.0' },
  versions: [{ chart: '0.1.0', app: '1.0.0' }],
  defaultVersion: '0.1.0',
  // helm-values.ts: backups take 10% of CPU and memory when on; of the rest the app gets 60% and
  // PostgreSQL 40% (0.9 × 0.6 = 0.54, 0.9 × 0.4 = 0.36). Without backups the shares of the present
  // components are those over their sum (0.6 / 0.4). The chart's object storage is left out: Tenancy
  // never turns it on (helm-values' `objectStorage` option is unused).
  components: [
    { name: 'app', cpuShare: 0.54, memoryShare: 0.54, replicas: 'plan.replicas' },
    { name: 'database', cpuShare: 0.36, memoryShare: 0.36, replicas: 'plan.databaseInstances' },
    { name: 'backup', cpuShare: 0.1, memoryShare: 0.1, replicas: 1, when: 'plan.backups' },
  ],
  // Storage: backups 20% when on; of the rest app-data 40% and the database 60% (split over its instances).
  volumes: [
    { name: 'app-data', mountPath: '/data', share: 0.32, metered: true, alerted: true, growsWithPlan: true },
    { name: 'data', mountPath: '/var/lib/postgresql/data', share: 0.48, metered: true, alerted: true, growsWithPlan: true },
    { name: 'backups', mountPath: '/backups', share: 0.2, metered: true, alerted: true, growsWithPlan: true, when: 'plan.backups' },
  ],
  // The credentials Secret the workflow creates before install (credentials.*Key in values.yaml).
  secrets: [
    { name: 'database-password', kind: 'password' },
    { name: 'admin-password', kind: 'password' },
  ],
  exposure: { http: [{ host: 'instance', path: '/', service: 'app', port: 80 }], tcp: [] },
  // The guardrails allow DNS and the namespace itself, nothing else.
  egress: 'dns',
  health: { service: 'app', port: 80, path: '/readyz' },
  meters: [],
  entitlements: [],
  seats: null,
  values: {
    'tenant.id': { fact: 'tenant.id' },
    'tenant.slug': { fact: 'tenant.slug' },
    baseDomain: { fact: 'baseDomain' },
    customDomain: { fact: 'customDomain' },
    serviceAccountName: { fact: 'serviceAccountName' },
    'license.token': { fact: 'license' },
    'app.image.tag': { fact: 'version.app' },
    'app.replicas': { fact: 'component.app.replicas' },
    'app.resources.requests.cpu': { fact: 'component.app.cpuRequest' },
    'app.resources.requests.memory': { fact: 'component.app.memoryRequest' },
    'app.resources.limits.cpu': { fact: 'component.app.cpu' },
    'app.resources.limits.memory': { fact: 'component.app.memory' },
    'app.persistence.size': { fact: 'volume.app-data.size' },
    'app.persistence.accessModes': { fact: 'volume.app-data.accessModes' },
    'database.instances': { fact: 'component.database.replicas' },
    // A quarter of the container's memory, as PostgreSQL's documentation suggests (at least 16 MB).
    'database.config.shared_buffers': { fact: 'component.database.memoryMiB', scale: 0.25, min: 16, suffix: 'MB' },
    'database.config.max_connections': { value: '100' },
    'database.resources.requests.cpu': { fact: 'component.database.cpuRequest' },
    'database.resources.requests.memory': { fact: 'component.database.memoryRequest' },
    'database.resources.limits.cpu': { fact: 'component.database.cpu' },
    'database.resources.limits.memory': { fact: 'component.database.memory' },
    'database.persistence.size': { fact: 'volume.data.size' },
    'backups.enabled': { fact: 'plan.backups' },
    'backups.resources.requests.cpu': { fact: 'component.backup.cpuRequest', when: 'plan.backups' },
    'backups.resources.requests.memory': { fact: 'component.backup.memoryRequest', when: 'plan.backups' },
    'backups.resources.limits.cpu': { fact: 'component.backup.cpu', when: 'plan.backups' },
    'backups.resources.limits.memory': { fact: 'component.backup.memory', when: 'plan.backups' },
    'backups.persistence.size': { fact: 'volume.backups.size', when: 'plan.backups' },
    'objectStorage.enabled': { value: false },
    'ingress.enabled': { value: true },
    'ingress.tlsSecretName': { fact: 'ingress.tlsSecretName' },
    'ingress.className': { fact: 'ingress.className' },
    'ingress.clusterIssuer': { fact: 'ingress.clusterIssuer' },
  },
}

const fileSchema = z.object({ apps: z.array(z.unknown()) }).strict()

/** Parses and checks a list of definitions; every problem is one line naming its path. */
function validateAll(entries: unknown[], labels: (i: number) => string): { apps: AppDefinition[]; problems: string[] } {
  const apps: AppDefinition[] = []
  const problems: string[] = []
  entries.forEach((entry, i) => {
    const result = validateAppDefinition(entry, { planIds: PLAN_IDS, label: labels(i) })
    if (result.ok) apps.push(result.app)
    else problems.push(...result.problems)
  })
  return { apps, problems }
}

function builtIn(): AppDefinition[] {
  const { apps, problems } = validateAll([GENERIC], () => 'apps[generic]')
  if (problems.length) throw new Error(`The built-in app catalog is invalid: ${problems.join('; ')}`)
  return apps
}

export const DEFAULT_APPS: AppDefinition[] = builtIn()

/** The built-in apps with an operator's apps merged by id (the parsed contents of APPS_FILE). Throws one line. */
export function mergeApps(defaults: AppDefinition[], file: unknown): AppDefinition[] {
  const parsed = fileSchema.safeParse(file)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw new Error(
      `${issue.path.length ? issue.path.join('.') : 'the file'}: ` +
        (issue.code === 'unrecognized_keys' ? 'only "apps" is allowed at the top level' : issue.message),
    )
  }
  const { apps, problems } = validateAll(parsed.data.apps, (i) => `apps[${i}]`)
  if (problems.length) throw new Error(problems[0]! + (problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''))
  const byId = new Map(defaults.map((app) => [app.id, app]))
  const seen = new Set<string>()
  apps.forEach((app, i) => {
    if (seen.has(app.id)) throw new Error(`apps[${i}].id: "${app.id}" appears twice`)
    seen.add(app.id)
    byId.set(app.id, app)
  })
  return [...byId.values()]
}

/** Reads and applies APPS_FILE; errors name the file's problem on one line (ConfigError). */
export function loadApps(file: string | undefined): AppDefinition[] {
  if (!file) return DEFAULT_APPS
  return applyJsonConfigFile('APPS_FILE', file, (parsed) => mergeApps(DEFAULT_APPS, parsed))
}

const KEY = Symbol.for('tenancy.apps.catalog')
const holder = ((globalThis as Record<symbol, { apps?: AppDefinition[] }>)[KEY] ??= {})

/** The apps in force: the built-in ones, or with APPS_FILE merged (read once per process). */
export function getApps(): AppDefinition[] {
  holder.apps ??= loadApps(getEnv().APPS_FILE)
  return holder.apps
}

/** Tests and tools: forget the loaded apps (the next call reads the configuration again). */
export function resetAppsCache(): void {
  holder.apps = undefined
}

export function findApp(id: string, apps: AppDefinition[] = getApps()): AppDefinition | undefined {
  return apps.find((app) => app.id === id)
}
